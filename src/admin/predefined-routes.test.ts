import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { listAudit } from "../audit/index.ts";
import { availablePredefined, listPredefined } from "../predefined/index.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { addUser, adminClient } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let admin: TestClient;
beforeEach(async () => {
  t = makeTestApp();
  ({ c: admin } = await adminClient(t));
});
afterEach(() => t.cleanup());

async function signedIn(username: string, role: "agent" | "supervisor" = "agent") {
  const id = await addUser(t.db, username, role);
  const c = t.client();
  await c.login(username);
  return { c, id };
}

const msg = { shortcut: "hello", title: "Greeting", body: "Hello!\nHow can I help?" };

describe("global predefined messages", () => {
  test("create, list, edit and delete, each audited", async () => {
    expect((await admin.post("/admin/predefined", msg)).status).toBe(303);
    const [row] = listPredefined(t.db, null);
    expect(row).toMatchObject({ ownerId: null, shortcut: "hello", body: "Hello!\nHow can I help?" });
    expect(await (await admin.get("/admin/predefined")).text()).toContain("/hello");
    expect((await admin.post(`/admin/predefined/${row!.id}`, { ...msg, title: "Hi there" })).status).toBe(303);
    expect(listPredefined(t.db, null)[0]?.title).toBe("Hi there");
    expect(await (await admin.get(`/admin/predefined/${row!.id}/delete`)).text()).toContain("Delete message /hello?");
    expect((await admin.post(`/admin/predefined/${row!.id}/delete`)).status).toBe(303);
    expect(listPredefined(t.db, null)).toEqual([]);
    const actions = listAudit(t.db, {}).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["predefined.created", "predefined.updated", "predefined.deleted"]));
  });

  test("a duplicate shortcut and bad fields are refused with 422", async () => {
    await admin.post("/admin/predefined", msg);
    const dup = await admin.post("/admin/predefined", { ...msg, shortcut: "HELLO" });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("The shortcut /HELLO is already used");
    const bad = await admin.post("/admin/predefined", { shortcut: "/with slash", title: "x".repeat(81), body: "y".repeat(2001) });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Shortcut may only have letters, digits, - and _");
    expect(html).toContain("Title must be at most 80 characters");
    expect(html).toContain("Message must be at most 2000 characters");
    expect((await admin.post("/admin/predefined", { ...msg, shortcut: "a".repeat(31) })).status).toBe(422);
  });

  test("an agent cannot reach the admin pages", async () => {
    const { c } = await signedIn("ann");
    expect((await c.get("/admin/predefined")).status).toBe(403);
    expect((await c.post("/admin/predefined", msg)).status).toBe(403);
  });
});

describe("personal predefined messages", () => {
  test("each user manages their own; someone else's message is 404", async () => {
    const a = await signedIn("ann");
    const b = await signedIn("bob", "supervisor");
    expect((await a.c.post("/profile/predefined", msg)).status).toBe(303);
    const [mine] = listPredefined(t.db, a.id);
    expect(mine?.ownerId).toBe(a.id);
    expect(await (await a.c.get("/profile/predefined")).text()).toContain("/hello");
    expect(await (await b.c.get("/profile/predefined")).text()).not.toContain("/hello");

    expect((await b.c.get(`/profile/predefined/${mine!.id}`)).status).toBe(404);
    expect((await b.c.post(`/profile/predefined/${mine!.id}`, { ...msg, title: "Hijacked" })).status).toBe(404);
    expect((await b.c.post(`/profile/predefined/${mine!.id}/delete`)).status).toBe(404);
    expect((await admin.get(`/admin/predefined/${mine!.id}`)).status).toBe(404);
    expect(listPredefined(t.db, a.id)[0]?.title).toBe("Greeting");

    expect((await a.c.post(`/profile/predefined/${mine!.id}`, { ...msg, title: "Mine" })).status).toBe(303);
    expect(listPredefined(t.db, a.id)[0]?.title).toBe("Mine");
  });

  test("a personal shortcut may reuse a global one and wins; within one owner it must be unique", async () => {
    const a = await signedIn("ann");
    await admin.post("/admin/predefined", { ...msg, title: "Global hello" });
    await admin.post("/admin/predefined", { shortcut: "bye", title: "Global bye", body: "Bye" });
    expect((await a.c.post("/profile/predefined", { ...msg, title: "My hello" })).status).toBe(303);
    const dup = await a.c.post("/profile/predefined", { ...msg, title: "Again" });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("The shortcut /hello is already used");
    expect(availablePredefined(t.db, a.id).map((m) => [m.shortcut, m.title])).toEqual([
      ["bye", "Global bye"],
      ["hello", "My hello"],
    ]);
  });

  test("an anonymous visitor is sent to sign in", async () => {
    const res = await t.client().get("/profile/predefined");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/login");
  });
});
