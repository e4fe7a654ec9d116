import { describe, expect, test } from "bun:test";
import { createLogger } from "../shared/index.ts";
import { ManualScheduler, RealtimeScheduler } from "./scheduler.ts";

describe("media scheduler", () => {
  test("manual: jobs fire in due order as time is advanced, and not after they stop", () => {
    const scheduler = new ManualScheduler();
    const log: string[] = [];
    const fast = scheduler.every(20, () => log.push(`20@${scheduler.now()}`));
    scheduler.every(50, () => log.push(`50@${scheduler.now()}`));
    scheduler.advance(60);
    fast.stop();
    scheduler.advance(40);
    expect(log).toEqual(["20@20", "20@40", "50@50", "20@60", "50@100"]);
    expect(fast.stopped).toBe(true);
    expect(scheduler.activeJobs).toBe(1);
  });

  test("real time: a 10 ms job runs about ten times in 100 ms on one shared timer, then stops for good", async () => {
    const scheduler = new RealtimeScheduler();
    const start = scheduler.now();
    let ticks = 0;
    let other = 0;
    const done = Promise.withResolvers<void>();
    const job = scheduler.every(10, () => {
      if (++ticks === 10) done.resolve();
    });
    const second = scheduler.every(10, () => other++);
    await done.promise;
    const elapsed = scheduler.now() - start;
    job.stop();
    second.stop();
    const after = ticks;
    await Bun.sleep(30); // real time is what this scheduler is about: nothing may fire once stopped
    expect(ticks).toBe(after);
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(1000);
    expect(Math.abs(other - ticks)).toBeLessThanOrEqual(1);
  });

  test("real time: a job that throws is stopped and logged, the others go on; the job count is bounded", async () => {
    const lines: string[] = [];
    const scheduler = new RealtimeScheduler(
      2,
      createLogger("error", {}, (line) => lines.push(line)),
    );
    const bad = scheduler.every(5, () => {
      throw new Error("boom");
    });
    let good = 0;
    const done = Promise.withResolvers<void>();
    const ok = scheduler.every(5, () => {
      if (++good === 3) done.resolve();
    });
    expect(() => scheduler.every(5, () => {})).toThrow(RangeError);
    await done.promise;
    ok.stop();
    expect(bad.stopped).toBe(true);
    expect(lines.join()).toContain("media job failed");
    expect(() => scheduler.every(5, () => {}).stop()).not.toThrow();
  });
});
