import { expect, test } from "bun:test";
import { oneAtATime } from "./one-at-a-time.ts";

/** Calls `fn` after `depth` microtask turns. */
function later(depth: number, fn: () => void): void {
  if (depth === 0) fn();
  else queueMicrotask(() => later(depth - 1, fn));
}

test("a call at any moment during or right after a pass is followed by a pass that starts after it", async () => {
  // One late call per round, at every microtask depth around the end of the first pass, where it could be lost.
  for (let depth = 0; depth < 12; depth++) {
    let started = 0;
    const run = oneAtATime(async () => {
      started++;
      await null;
    });
    const first = run();
    let late: { startedBefore: number; done: Promise<void> } | undefined;
    later(depth, () => {
      late = { startedBefore: started, done: run() };
    });
    await first;
    for (let i = 0; i < 20 && !late; i++) await null;
    await late?.done;
    expect({ depth, startedAfter: started > (late?.startedBefore ?? Infinity) }).toEqual({ depth, startedAfter: true });
  }
});

test("passes never overlap, and many calls during a pass make one more pass, not one each", async () => {
  let inPass = 0;
  let overlapped = false;
  let passes = 0;
  const run = oneAtATime(async () => {
    overlapped ||= ++inPass > 1;
    passes++;
    await null;
    inPass--;
  });
  const first = run();
  await null; // the first pass is under way
  expect(passes).toBe(1);
  await Promise.all([first, run(), run(), run()]);
  expect(overlapped).toBe(false);
  expect(passes).toBe(2);
});
