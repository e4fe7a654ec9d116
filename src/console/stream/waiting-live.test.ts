import { afterEach, beforeEach, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { twoAgents } from "../../../tests/support/kits/console.ts";
import { SseReader } from "../../../tests/support/sse-reader.ts";
import { signedIn } from "../../../tests/support/users.ts";

let t: TestApp;
const open: SseReader[] = [];
beforeEach(() => {
  t = makeTestApp();
});
afterEach(async () => {
  for (const r of open.splice(0)) await r.cancel().catch(() => {});
  t.cleanup();
});

/** A connected console past its snapshot's waiting list. */
async function consoleOf(userId: string): Promise<SseReader> {
  const reader = new SseReader(await signedIn(t, userId).get("/events"));
  open.push(reader);
  await reader.next("waiting");
  return reader;
}

test("a chat queued in a pick department appears in both members' waiting lists, and leaves the other's when one takes it", async () => {
  const { ann, bob, sales } = twoAgents(t, { workMode: "pick" });
  const annConsole = await consoleOf(ann);
  const bobConsole = await consoleOf(bob);
  const i = t.deps.routing.enqueue({ channel: "chat", queueId: sales, customerName: "", customerAddress: "+44 20 7946 0958" });
  for (const c of [annConsole, bobConsole]) {
    const list = (await c.next("waiting")).data;
    expect(list).toContain("+44 20 7946 0958");
    expect(list).toContain("Sales");
    expect(list).toContain(`/console/work/${i.id}/pick`);
  }
  t.deps.routing.pick(i.id, ann);
  expect((await bobConsole.next("waiting")).data).toContain("Nothing is waiting in your departments.");
});

test("an offer department lists waiting work without Start session, and masks the number for an agent who masks", async () => {
  const { ann, bob, sales } = twoAgents(t, {}, { maskSensitive: true });
  t.deps.presence.apply(ann, { type: "choose_not_ready", reason: "Break" });
  t.deps.presence.apply(bob, { type: "choose_not_ready", reason: "Break" });
  const annConsole = await consoleOf(ann);
  const i = t.deps.routing.enqueue({ channel: "chat", queueId: sales, customerName: "", customerAddress: "+44 20 7946 0958" });
  const list = (await annConsole.next("waiting")).data;
  expect(list).toContain("Sales");
  expect(list).not.toContain("7946 0958");
  expect(list).not.toContain(`/console/work/${i.id}/pick`);
});
