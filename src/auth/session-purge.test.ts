import { afterEach, expect, test } from "bun:test";
import { makeTestApp, seedAdmin, type TestApp } from "../../tests/support/harness.ts";
import { createSession } from "./sessions.ts";
import { SESSION_PURGE_EVERY_MS, startSessionPurge } from "./index.ts";
import { sessions } from "./schema.ts";

let t: TestApp;
afterEach(() => t.cleanup());

test("expired sessions are removed at start and then hourly on the clock; live ones stay", async () => {
  t = makeTestApp();
  const userId = await seedAdmin(t.db, "boss", t.clock.now());
  createSession(t.db, userId, t.clock.now(), 1_000);
  createSession(t.db, userId, t.clock.now(), 10 * SESSION_PURGE_EVERY_MS);
  const rows = () => t.db.select().from(sessions).all().length;
  t.clock.advance(2_000);
  const stop = startSessionPurge(t.deps);
  expect(rows()).toBe(1);
  createSession(t.db, userId, t.clock.now(), 1_000);
  t.clock.advance(SESSION_PURGE_EVERY_MS);
  expect(rows()).toBe(1);
  stop();
});
