import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { makeTestApp, seedAdmin, TEST_PASSWORD, type TestApp } from "../../tests/support/harness.ts";
import { checkLogin, getUser } from "./index.ts";

setDefaultTimeout(20_000);
let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

test("wrong guesses sent in parallel still lock the account at the limit", async () => {
  const id = await seedAdmin(t.db);
  const guesses = await Promise.allSettled(Array.from({ length: 5 }, () => checkLogin(t.db, "boss", "not-the-password", 3)));
  expect(guesses.every((g) => g.status === "rejected")).toBe(true);
  expect(getUser(t.db, id)).toMatchObject({ failedLogins: 5, locked: true });
  await expect(checkLogin(t.db, "boss", TEST_PASSWORD, 3)).rejects.toThrow("This account is locked");
});

test("with lockout off (0), wrong guesses are counted but never lock", async () => {
  const id = await seedAdmin(t.db);
  for (let i = 0; i < 3; i++) await expect(checkLogin(t.db, "boss", "not-the-password", 0)).rejects.toThrow("Wrong username");
  expect(getUser(t.db, id)).toMatchObject({ failedLogins: 3, locked: false });
  expect((await checkLogin(t.db, "boss", TEST_PASSWORD, 0)).id).toBe(id);
  expect(getUser(t.db, id).failedLogins).toBe(0);
});
