import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog } from "../audit/schema.ts";
import { Conflict, ValidationError } from "../shared/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { makeUser } from "../../tests/support/users.ts";
import { createSession, deleteUsers, getUser, inputFromUser, nextFreeExtension, updateUser } from "./index.ts";
import { users } from "./schema.ts";
import { csvCell } from "../shared/index.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const actor = (id: string) => ({ actor: { id, name: "boss" }, now: t.clock.now() });

describe("extensions", () => {
  test("the next free extension fills the lowest gap from 1001 and ignores the user's own", async () => {
    const a = await makeUser(t, { username: "a", extension: "1001" });
    await makeUser(t, { username: "b", extension: "1003" });
    expect(nextFreeExtension(t.db)).toBe("1002");
    await makeUser(t, { username: "c" });
    expect(nextFreeExtension(t.db)).toBe("1004");
    expect(nextFreeExtension(t.db, a)).toBe("1001");
  });
});

describe("updateUser", () => {
  test("unlocking clears the failed sign-ins and is audited as user.unlocked", async () => {
    const boss = await makeUser(t, { username: "boss", role: "admin" });
    const id = await makeUser(t);
    t.db.update(users).set({ locked: true, failedLogins: 6 }).where(eq(users.id, id)).run();
    const { changed } = updateUser(t.db, id, { ...inputFromUser(getUser(t.db, id)), locked: false }, actor(boss));
    expect(changed).toEqual(["locked"]);
    expect(getUser(t.db, id).failedLogins).toBe(0);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "user.unlocked")).all()).toHaveLength(1);
  });

  test("locking signs the user out; becoming a SIP phone makes a secret, going back clears it", async () => {
    const boss = await makeUser(t, { username: "boss", role: "admin" });
    const id = await makeUser(t);
    createSession(t.db, id, t.clock.now(), 60_000);
    const input = inputFromUser(getUser(t.db, id));
    const { sipSecret } = updateUser(t.db, id, { ...input, locked: true, typology: "sip" }, actor(boss));
    expect(sipSecret).toMatch(/^[\w-]{24}$/);
    expect(getUser(t.db, id).sipSecret).toBe(sipSecret as string);
    expect(t.db.$client.query("select count(*) as n from sessions").get()).toEqual({ n: 0 });
    updateUser(t.db, id, { ...input, typology: "browser" }, actor(boss));
    expect(getUser(t.db, id).sipSecret).toBeNull();
  });

  test("the last admin cannot be demoted, but one of two can", async () => {
    const boss = await makeUser(t, { username: "boss", role: "admin" });
    const demote = (id: string) => updateUser(t.db, id, { ...inputFromUser(getUser(t.db, id)), role: "agent" }, actor(boss));
    expect(() => demote(boss)).toThrow(ValidationError);
    const other = await makeUser(t, { username: "other", role: "admin" });
    demote(other);
    expect(getUser(t.db, other).role).toBe("agent");
  });
});

describe("deleteUsers", () => {
  test("refuses the actor's own account and keeps the last admin; deletes the rest atomically", async () => {
    const boss = await makeUser(t, { username: "boss", role: "admin" });
    const a = await makeUser(t, { username: "a" });
    expect(() => deleteUsers(t.db, [a, boss], actor(boss))).toThrow(Conflict);
    expect(getUser(t.db, a).username).toBe("a");
    // Deleting the only admin as someone else (e.g. a script without an account) is refused too.
    expect(() => deleteUsers(t.db, [boss], { actor: { id: null, name: "cli" }, now: 0 })).toThrow("The last admin cannot be deleted.");
    expect(deleteUsers(t.db, [a], actor(boss))).toEqual(["a"]);
  });
});

describe("csvCell", () => {
  test("quotes what needs quoting and defuses formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    for (const f of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]) expect(csvCell(f).replace(/^"/, "")).toStartWith(`'`);
  });
});
