import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog } from "../../audit/schema.ts";
import { createSession, getUser } from "../../auth/index.ts";
import { sessions } from "../../auth/schema.ts";
import { makeTestApp, TEST_PASSWORD, type TestApp, type TestClient } from "../../../tests/support/harness.ts";
import { file, makeUser, PNG_BYTES, SVG_BYTES, signedIn } from "../../../tests/support/users.ts";

let t: TestApp;
let me: string;
let c: TestClient;
beforeEach(async () => {
  t = makeTestApp();
  me = await makeUser(t, { fullName: "Ann Agent", username: "ann", extension: "1234" });
  c = signedIn(t, me);
});
afterEach(() => t.cleanup());

const details = { fullName: "Ann Agent", alias: "", notifySound: "on", notifyDesktop: "on", notifyPosition: "top-right" };
const actions = () =>
  t.db
    .select()
    .from(auditLog)
    .all()
    .map((a) => a.action);

test("shows my details, my departments and the link to my predefined messages", async () => {
  const now = t.clock.now();
  t.db.$client.run("insert into queues (id, name, channel, created_at, updated_at) values ('q1', 'Billing', 'chat', ?, ?)", [now, now]);
  t.db.$client.run("insert into queue_members (queue_id, user_id) values ('q1', ?)", [me]);
  const html = await (await c.get("/profile")).text();
  expect(html).toContain("Ann Agent");
  expect(html).toContain("1234");
  expect(html).toContain("Billing");
  expect(html).toContain('<a href="/profile/predefined">My predefined messages</a>');
  expect((await t.client().get("/profile")).status).toBe(302);
});

describe("my details", () => {
  test("name, alias and notification switches are saved and audited as my own change", async () => {
    const res = await c.post("/profile", { fullName: "Ann Berg", alias: "Annie", notifyDesktop: "on", notifyPosition: "bottom-left" });
    expect(res.headers.get("location")).toBe("/profile?saved=details");
    const u = getUser(t.db, me);
    expect([u.fullName, u.alias, u.notifySound, u.notifyDesktop, u.notifyPosition]).toEqual([
      "Ann Berg",
      "Annie",
      false,
      true,
      "bottom-left",
    ]);
    const row = t.db.select().from(auditLog).where(eq(auditLog.action, "profile.updated")).get();
    expect([row?.actorId, JSON.parse(row?.detail ?? "{}").fields]).toEqual([me, ["fullName", "alias", "notifySound", "notifyPosition"]]);
  });

  test("bad input gets 422 with messages, and a <script> name is shown escaped", async () => {
    const res = await c.post("/profile", { ...details, fullName: "", alias: ["a", "b"] as unknown as string, notifyPosition: "middle" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Full name is required");
    expect(html).toContain("Notification position must be one of");
    await c.post("/profile", { ...details, fullName: "<script>x()</script>" });
    expect(await (await c.get("/profile")).text()).not.toContain("<script>x()");
  });
});

describe("my password", () => {
  test("needs the right current password; then other sessions end and this one stays", async () => {
    const other = signedIn(t, me);
    const wrong = await c.post("/profile/password", { current: "not-my-password", password: "New-Secret-77", confirm: "New-Secret-77" });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("The current password is not right");
    expect((await other.get("/profile")).status).toBe(200);
    const ok = await c.post("/profile/password", { current: TEST_PASSWORD, password: "New-Secret-77", confirm: "New-Secret-77" });
    expect(ok.headers.get("location")).toBe("/profile?saved=password");
    expect((await other.get("/profile")).status).toBe(302);
    expect((await c.get("/profile")).status).toBe(200);
    await t.client().login("ann", "New-Secret-77");
    expect(actions()).toContain("profile.password_changed");
    expect(JSON.stringify(t.db.select().from(auditLog).all())).not.toContain("New-Secret-77");
  });

  test("the strong-password policy and the repeat field are enforced", async () => {
    t.db.$client.run("insert into settings (key, value, updated_at) values ('strongPasswords', 'true', 0)");
    const weak = await c.post("/profile/password", { current: TEST_PASSWORD, password: "weakweakweak", confirm: "weakweakweak" });
    expect(await weak.text()).toContain("Password needs");
    const differ = await c.post("/profile/password", { current: TEST_PASSWORD, password: "New-Secret-77", confirm: "New-Secret-78" });
    expect(differ.status).toBe(422);
    expect(await differ.text()).toContain("The two passwords differ");
    expect(t.db.select().from(sessions).where(eq(sessions.userId, me)).all()).toHaveLength(1);
  });
});

describe("my avatar", () => {
  test("a PNG is stored and shown; remove takes it away", async () => {
    expect((await c.post("/profile/avatar", { avatar: file(PNG_BYTES, "me.png", "image/png") })).status).toBe(303);
    expect(await (await c.get("/profile")).text()).toContain(`src="/avatars/${me}"`);
    expect((await c.get(`/avatars/${me}`)).headers.get("content-type")).toBe("image/png");
    await c.post("/profile/avatar/delete");
    expect((await c.get(`/avatars/${me}`)).status).toBe(404);
    expect(actions()).toEqual(expect.arrayContaining(["profile.avatar_changed", "profile.avatar_removed"]));
  });

  test("an SVG named .png, or no file at all, is refused with a message", async () => {
    const svg = await c.post("/profile/avatar", { avatar: file(SVG_BYTES, "me.png", "image/png") });
    expect(svg.status).toBe(422);
    expect(await svg.text()).toContain("The avatar must be a PNG or JPEG image");
    const none = await c.post("/profile/avatar", { avatar: "text" });
    expect(none.status).toBe(422);
    expect((await c.get(`/avatars/${me}`)).status).toBe(404);
  });
});

test("every role has a profile", async () => {
  for (const role of ["admin", "supervisor"] as const) {
    const id = await makeUser(t, { username: role, role });
    const client = t.client();
    client.cookies.set("sb_session", createSession(t.db, id, t.clock.now(), 60_000));
    expect((await client.get("/profile")).status).toBe(200);
  }
});
