import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { makeTestApp, seedAdmin, TEST_PASSWORD, type TestApp } from "../../tests/support/harness.ts";
import { checkLogin, getUser } from "./index.ts";

setDefaultTimeout(20_000);
let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const HERE = "192.0.2.1";
const attempt = (password: string, address = HERE, username = "boss") => ({ username, password, address });
const policy = (lockoutAfter = 3) => ({ lockoutAfter, now: t.clock.now() });

test("wrong guesses sent in parallel still block the name from that address at the limit", async () => {
  await seedAdmin(t.db);
  const guesses = await Promise.allSettled(Array.from({ length: 5 }, () => checkLogin(t.db, attempt("not-the-password"), policy())));
  expect(guesses.every((g) => g.status === "rejected")).toBe(true);
  await expect(checkLogin(t.db, attempt(TEST_PASSWORD), policy())).rejects.toThrow("Try again in 1 minute");
});

test("a block grows with every failure after it (1, 2, 4 … minutes) and ends by itself", async () => {
  const id = await seedAdmin(t.db);
  for (let i = 0; i < 3; i++) await checkLogin(t.db, attempt("wrong-password"), policy()).catch(() => {});
  for (const minutes of [2, 4, 8]) {
    t.clock.advance(60 * 60_000);
    await expect(checkLogin(t.db, attempt("wrong-password"), policy())).rejects.toThrow(`Try again in ${minutes} minutes`);
  }
  t.clock.advance(8 * 60_000);
  expect((await checkLogin(t.db, attempt(TEST_PASSWORD), policy())).id).toBe(id);
  expect(getUser(t.db, id)).toMatchObject({ failedLogins: 0, locked: false });
});

test("a name blocked from one address still signs in from another; an unknown name is blocked the same way", async () => {
  const id = await seedAdmin(t.db);
  for (let i = 0; i < 3; i++) await checkLogin(t.db, attempt("wrong-password"), policy()).catch(() => {});
  for (let i = 0; i < 3; i++) await checkLogin(t.db, attempt("wrong-password", HERE, "nobody"), policy()).catch(() => {});
  const known = await checkLogin(t.db, attempt(TEST_PASSWORD), policy()).catch((e: Error) => e.message);
  const unknown = await checkLogin(t.db, attempt("wrong-password", HERE, "nobody"), policy()).catch((e: Error) => e.message);
  expect(unknown).toBe(known);
  expect((await checkLogin(t.db, attempt(TEST_PASSWORD, "198.51.100.7"), policy())).id).toBe(id);
});

test("with lockout off (0), wrong guesses are counted but never block", async () => {
  const id = await seedAdmin(t.db);
  for (let i = 0; i < 3; i++) await expect(checkLogin(t.db, attempt("not-the-password"), policy(0))).rejects.toThrow("Wrong username");
  expect(getUser(t.db, id)).toMatchObject({ failedLogins: 3, locked: false });
  expect((await checkLogin(t.db, attempt(TEST_PASSWORD), policy(0))).id).toBe(id);
  expect(getUser(t.db, id).failedLogins).toBe(0);
});
