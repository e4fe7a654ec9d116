import { afterEach, beforeEach, expect, test } from "bun:test";
import { count, eq } from "drizzle-orm";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { signInFailures } from "./schema.ts";
import { countFailure } from "./sign-in-brake.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const rows = () => t.db.select({ n: count() }).from(signInFailures).get()?.n ?? 0;

test("anonymous guesses never grow the table past 10,000 rows: old counts go first, then the oldest", () => {
  const now = t.clock.now();
  const insert = t.db.$client.prepare(
    "insert into sign_in_failures (username, address, failures, blocked_until, last_at) values (?, ?, 1, 0, ?)",
  );
  t.db.$client.transaction(() => {
    // 100 counts older than a day, the rest recent (the older the lower the number).
    for (let i = 0; i < 10_000; i++) insert.run(`name${i}`, "192.0.2.1", i < 100 ? now - 25 * 3600_000 : now - 10_000 + i);
  })();
  countFailure(t.db, "newcomer", "192.0.2.9", 5, now);
  expect(rows()).toBe(9_901);
  expect(t.db.select().from(signInFailures).where(eq(signInFailures.username, "name99")).get()).toBeUndefined();

  t.db.$client.transaction(() => {
    for (let i = 0; i < 99; i++) insert.run(`more${i}`, "192.0.2.2", now);
  })();
  expect(rows()).toBe(10_000);
  countFailure(t.db, "another", "192.0.2.9", 5, now);
  expect(rows()).toBe(10_000);
  expect(t.db.select().from(signInFailures).where(eq(signInFailures.username, "name100")).get()).toBeUndefined();
  expect(t.db.select().from(signInFailures).where(eq(signInFailures.username, "another")).get()?.failures).toBe(1);
});
