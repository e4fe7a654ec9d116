import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq, inArray } from "drizzle-orm";
import { auditLog } from "../audit/schema.ts";
import { getUser } from "../auth/index.ts";
import { sessions, users } from "../auth/schema.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { adminClient, makeUser, signedIn } from "../../tests/support/users.ts";

let t: TestApp;
let admin: { id: string; c: TestClient };
beforeEach(async () => {
  t = makeTestApp();
  admin = await adminClient(t);
});
afterEach(() => t.cleanup());

const rowsIn = (html: string) => [...html.matchAll(/name="ids" value="([^"]+)"/g)].map((m) => m[1]);
const audits = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe("the list", () => {
  test("pages by 25 with page links, and keeps the filter in them", async () => {
    for (let i = 0; i < 30; i++) await makeUser(t, { username: `agent${String(i).padStart(2, "0")}`, fullName: `Agent ${i}` });
    const first = await (await admin.c.get("/admin/agents?role=agent")).text();
    expect(rowsIn(first)).toHaveLength(25);
    expect(first).toContain("30 users");
    expect(first).toContain('href="/admin/agents?q=&amp;role=agent&amp;state=&amp;page=2"');
    const second = await (await admin.c.get("/admin/agents?role=agent&page=2")).text();
    expect(rowsIn(second)).toHaveLength(5);
    // A page past the end shows the last page (31 users with the admin).
    expect(rowsIn(await (await admin.c.get("/admin/agents?page=99")).text())).toHaveLength(6);
  });

  test("searches name, username, alias, email and extension; filters by role and state", async () => {
    const a = await makeUser(t, { username: "ann_b", fullName: "Ann Berg", alias: "Annie", email: "ann@x.test", extension: "3456" });
    const b = await makeUser(t, { username: "carl", fullName: "Carl Dahl", role: "supervisor" });
    t.db.update(users).set({ locked: true }).where(eq(users.id, b)).run();
    for (const q of ["berg", "ann_b", "annie", "ann@x", "3456"])
      expect(rowsIn(await (await admin.c.get(`/admin/agents?q=${q}`)).text())).toEqual([a]);
    // "_" is a plain character in the search, not a wildcard.
    expect(rowsIn(await (await admin.c.get("/admin/agents?q=_")).text())).toEqual([a]);
    expect(rowsIn(await (await admin.c.get("/admin/agents?role=supervisor")).text())).toEqual([b]);
    const locked = await (await admin.c.get("/admin/agents?state=locked")).text();
    expect(rowsIn(locked)).toEqual([b]);
    expect(locked).toContain('<span class="badge danger">Locked</span>');
  });

  test("htmx searches get only the results fragment; bad filter values get 422 with a message, not a 500", async () => {
    const frag = await (await admin.c.get("/admin/agents?q=boss", { "HX-Request": "true" })).text();
    expect(frag.startsWith('<div id="agent-results">')).toBe(true);
    const bad = await admin.c.get(`/admin/agents?role=root&page=abc&q=${"x".repeat(300)}`);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Page must be a whole number");
  });
});

describe("bulk actions", () => {
  test("export gives a CSV of the selected rows only, with formula cells neutralised", async () => {
    const a = await makeUser(t, { username: "ann", fullName: '=HYPERLINK("http://evil")', alias: "+1", description: '-2, "quoted"' });
    const b = await makeUser(t, { username: "bob", fullName: "Bob", email: "@bob@x.test" });
    await makeUser(t, { username: "cat", fullName: "Cat" });
    const res = await admin.c.post("/admin/agents/bulk", { action: "export", ids: [a, b] });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="agents-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toStartWith("Username,Full name,Alias,Email,Role,Extension");
    expect(lines[1]).toStartWith(`ann,"'=HYPERLINK(""http://evil"")",'+1,,agent,1001,Browser phone,"'-2, ""quoted""",no,no`);
    expect(lines[2]).toStartWith("bob,Bob,,'@bob@x.test,agent");
    expect(lines.join()).not.toContain("cat");
  });

  test("delete asks first, then deletes only the selected users and audits each", async () => {
    const a = await makeUser(t, { username: "ann", fullName: "Ann" });
    const b = await makeUser(t, { username: "bob", fullName: "Bob" });
    const keep = await makeUser(t, { username: "cat" });
    const ask = await admin.c.post("/admin/agents/bulk", { action: "delete", ids: [a, b] });
    expect(ask.status).toBe(200);
    expect(await ask.text()).toContain("Delete 2 users");
    expect(
      t.db
        .select()
        .from(users)
        .where(inArray(users.id, [a, b]))
        .all(),
    ).toHaveLength(2);
    const done = await admin.c.post("/admin/agents/bulk", { action: "delete", ids: [a, b], confirm: "yes" });
    expect(done.headers.get("location")).toBe("/admin/agents?done=deleted&n=2");
    expect(await (await admin.c.get(done.headers.get("location") as string)).text()).toContain("2 users deleted.");
    expect(
      t.db
        .select()
        .from(users)
        .where(inArray(users.id, [a, b, keep]))
        .all()
        .map((u) => u.id),
    ).toEqual([keep]);
    expect(audits("user.bulk_deleted")).toHaveLength(2);
  });

  test("single delete: a confirmation page, then the user is gone with their sessions", async () => {
    const a = await makeUser(t, { fullName: "Ann Agent" });
    signedIn(t, a);
    expect(await (await admin.c.get(`/admin/agents/${a}/delete`)).text()).toContain("Delete this user?");
    expect((await admin.c.post(`/admin/agents/${a}/delete`, { confirm: "yes" })).status).toBe(303);
    expect(t.db.select().from(users).where(eq(users.id, a)).get()).toBeUndefined();
    expect(t.db.select().from(sessions).where(eq(sessions.userId, a)).all()).toHaveLength(0);
    expect(audits("user.deleted")).toHaveLength(1);
  });

  test("disable signs the selected users out; enable and unlock undo it", async () => {
    const a = await makeUser(t, { username: "ann" });
    const agent = signedIn(t, a);
    t.db.update(users).set({ locked: true, failedLogins: 7 }).where(eq(users.id, a)).run();
    const res = await admin.c.post("/admin/agents/bulk", { action: "disable", ids: a });
    expect(res.headers.get("location")).toBe("/admin/agents?done=disabled&n=1");
    expect((await agent.get("/profile")).status).toBe(302);
    await admin.c.post("/admin/agents/bulk", { action: "enable", ids: a });
    await admin.c.post("/admin/agents/bulk", { action: "unlock", ids: a });
    const u = getUser(t.db, a);
    expect([u.disabled, u.locked, u.failedLogins]).toEqual([false, false, 0]);
    expect(audits("user.bulk_disabled").length + audits("user.bulk_enabled").length + audits("user.bulk_unlocked").length).toBe(3);
  });

  test("the admin cannot delete or disable themself (409), and nothing else in the selection changes", async () => {
    const a = await makeUser(t, { username: "ann" });
    for (const action of ["disable", "delete"]) {
      const res = await admin.c.post("/admin/agents/bulk", { action, ids: [a, admin.id], confirm: "yes" });
      expect(res.status).toBe(409);
      expect(await res.text()).toContain(`You cannot ${action} your own account.`);
    }
    expect(getUser(t.db, a).disabled).toBe(false);
    expect((await admin.c.post(`/admin/agents/${admin.id}/delete`)).status).toBe(409);
  });

  test("no selection, an unknown action or unknown ids get a message, never a 500", async () => {
    const none = await admin.c.post("/admin/agents/bulk", { action: "disable" });
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("Select at least one user first");
    expect((await admin.c.post("/admin/agents/bulk", { action: "explode", ids: admin.id })).status).toBe(422);
    expect((await admin.c.post("/admin/agents/bulk", { action: "export", ids: "nobody" })).status).toBe(404);
    expect((await admin.c.post("/admin/agents/bulk", { action: "delete", ids: "nobody", confirm: "yes" })).status).toBe(404);
  });
});
