import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog } from "../audit/schema.ts";
import { getUser } from "../auth/index.ts";
import { sessions, users } from "../auth/schema.ts";
import { mailOutbox } from "../integrations/mail/schema.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { adminClient, file, makeUser, PNG_BYTES, SVG_BYTES, signedIn } from "../../tests/support/users.ts";

let t: TestApp;
let admin: { id: string; c: TestClient };
beforeEach(async () => {
  t = makeTestApp();
  admin = await adminClient(t);
});
afterEach(() => t.cleanup());

const form = (over: Record<string, string | string[] | Blob> = {}) => ({
  fullName: "Ann Agent",
  username: "ann",
  role: "agent",
  typology: "browser",
  capChat: "3",
  permissions: ["voice", "chat"],
  ...over,
});
const byUsername = (username: string) => t.db.select().from(users).where(eq(users.username, username)).get();
const audits = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe("creating a user", () => {
  test("a blank extension becomes the next free number from 1001, and the saved page shows it", async () => {
    const res = await admin.c.post("/admin/agents", form());
    expect(res.status).toBe(201);
    expect(await res.text()).toContain('value="1001"');
    await admin.c.post("/admin/agents", form({ username: "bob", fullName: "Bob" }));
    expect(byUsername("ann")?.extension).toBe("1001");
    expect(byUsername("bob")?.extension).toBe("1002");
    expect(JSON.parse(byUsername("ann")?.permissions ?? "")).toEqual(["voice", "chat"]);
    expect(audits("user.created").map((a) => JSON.parse(a.detail).username)).toContain("ann");
  });

  test("a taken username (in any case) or extension is refused with 422 and messages", async () => {
    await makeUser(t, { username: "ann", extension: "2000" });
    const res = await admin.c.post("/admin/agents", form({ username: "ANN", extension: "2000" }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("The username ANN is taken");
    expect(html).toContain("Extension 2000 belongs to another user");
    expect(html).toContain('value="ANN"');
  });

  test("a username with other characters than letters, digits, . and _ is refused", async () => {
    const res = await admin.c.post("/admin/agents", form({ username: "ann smith!" }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Username may only have letters, digits, . and _");
    expect(byUsername("ann smith!")).toBeUndefined();
  });

  test("with an email, a welcome mail with a one-time /password/ link is queued, and it holds no password", async () => {
    const res = await admin.c.post("/admin/agents", form({ email: "Ann@Example.test" }));
    expect(res.status).toBe(201);
    const mail = t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "ann@example.test")).get();
    const link = mail?.text.match(/http:\/\/127\.0\.0\.1:9999\/password\/([\w-]+)/);
    expect(link).toBeTruthy();
    expect(mail?.text).not.toMatch(/password\s*[:=]/i);
    expect((await t.client().get(`/password/${link?.[1]}`)).status).toBe(200);
  });

  test("without an email, the saved page shows a set-password link once instead of sending mail", async () => {
    const res = await admin.c.post("/admin/agents", form());
    const html = await res.text();
    const token = html.match(/\/password\/([\w-]+)/)?.[1];
    expect(token).toBeTruthy();
    expect((await t.client().get(`/password/${token}`)).status).toBe(200);
    expect(t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "")).all()).toHaveLength(0);
    const id = byUsername("ann")?.id;
    expect(await (await admin.c.get(`/admin/agents/${id}`)).text()).not.toContain(token as string);
  });

  test("a SIP-phone user gets a digest secret shown once; regenerating replaces it", async () => {
    const html = await (await admin.c.post("/admin/agents", form({ typology: "sip" }))).text();
    const secret = html.match(/<code id="sip-secret">([^<]+)<\/code>/)?.[1];
    const user = byUsername("ann");
    expect(secret).toBe(user?.sipSecret as string);
    expect(await (await admin.c.get(`/admin/agents/${user?.id}`)).text()).not.toContain(secret as string);
    const again = await (await admin.c.post(`/admin/agents/${user?.id}/sip-secret`)).text();
    const fresh = again.match(/<code id="sip-secret">([^<]+)<\/code>/)?.[1];
    expect(fresh).toBe(byUsername("ann")?.sipSecret as string);
    expect(fresh).not.toBe(secret);
    expect(JSON.stringify(t.db.select().from(auditLog).all())).not.toContain(fresh as string);
  });
});

describe("editing a user", () => {
  test("saves every field posted and audits the changed field names", async () => {
    const id = await makeUser(t);
    const res = await admin.c.post(
      `/admin/agents/${id}`,
      form({
        fullName: "Ann Smith",
        alias: "Ann",
        extension: "4242",
        capChat: "0",
        autoAnswerChat: "5",
        maskSensitive: "on",
        role: "supervisor",
      }),
    );
    expect(res.status).toBe(303);
    const u = getUser(t.db, id);
    expect([u.fullName, u.alias, u.extension, u.capChat, u.autoAnswerChat, u.maskSensitive, u.role]).toEqual([
      "Ann Smith",
      "Ann",
      "4242",
      0,
      5,
      true,
      "supervisor",
    ]);
    const { changes } = JSON.parse(audits("user.updated")[0]?.detail ?? "{}");
    const fields = Object.keys(changes);
    expect(changes.fullName).toEqual({ from: "Ann Agent", to: "Ann Smith" });
    expect(fields).toEqual(
      expect.arrayContaining(["fullName", "alias", "extension", "capChat", "autoAnswerChat", "maskSensitive", "role"]),
    );
    expect(fields).not.toContain("username");
  });

  test("out-of-range numbers, arrays and oversize text get 422 messages, never a 500", async () => {
    const id = await makeUser(t);
    const res = await admin.c.post(
      `/admin/agents/${id}`,
      form({ fullName: "x".repeat(5000), capChat: "51", autoAnswerVoice: "soon", role: "root", username: ["a", "b"], extension: "1" }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    for (const msg of [
      "Full name must be at most 100 characters",
      "Chat capacity must be between 0 and 50",
      "Voice auto-answer delay must be a whole number",
      "Role must be one of",
      "Extension must be 2 to 8 digits",
    ])
      expect(html).toContain(msg);
    expect(getUser(t.db, id).fullName).toBe("Ann Agent");
  });

  test("an unknown user id is 404 on every page of one user", async () => {
    expect((await admin.c.get("/admin/agents/nope")).status).toBe(404);
    expect((await admin.c.post("/admin/agents/nope", form())).status).toBe(404);
    expect((await admin.c.post("/admin/agents/nope", form({ username: "" }))).status).toBe(404);
    expect((await admin.c.get("/admin/agents/nope/delete")).status).toBe(404);
    for (const action of ["delete", "unlock", "reset-link", "sip-secret"])
      expect((await admin.c.post(`/admin/agents/nope/${action}`)).status).toBe(404);
    expect((await admin.c.post("/admin/agents/nope/password", { password: "Long-enough-1", confirm: "Long-enough-1" })).status).toBe(404);
  });

  test("the admin cannot disable themself, and the last admin cannot be demoted", async () => {
    const res = await admin.c.post(
      `/admin/agents/${admin.id}`,
      form({ fullName: "The Boss", username: "boss", role: "agent", disabled: "on" }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("You cannot disable your own account");
    expect(html).toContain("This is the last admin");
    expect(getUser(t.db, admin.id).role).toBe("admin");
  });

  test("disabling a user signs them out everywhere", async () => {
    const id = await makeUser(t);
    const agent = signedIn(t, id);
    expect((await agent.get("/profile")).status).toBe(200);
    await admin.c.post(`/admin/agents/${id}`, form({ disabled: "on" }));
    expect(t.db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
    expect((await agent.get("/profile")).status).toBe(302);
  });

  test("unlocking resets the failed sign-ins so the user can sign in again", async () => {
    const id = await makeUser(t);
    t.db.update(users).set({ locked: true, failedLogins: 5 }).where(eq(users.id, id)).run();
    const refused = await t.client().post("/login", { username: "ann", password: "Correct-Horse-9" });
    expect(refused.status).toBe(403);
    const page = await (await admin.c.get(`/admin/agents/${id}`)).text();
    expect(page).toContain("This account cannot sign in until it is unlocked.");
    expect((await admin.c.post(`/admin/agents/${id}/unlock`)).status).toBe(303);
    expect(getUser(t.db, id).failedLogins).toBe(0);
    await t.client().login("ann");
    expect(audits("user.unlocked")).toHaveLength(1);
  });

  test("a user whose sign-in is paused by wrong passwords is listed as such until unlocked", async () => {
    const id = await makeUser(t, { fullName: "Ann Agent" });
    const guesser = t.client();
    for (let i = 0; i < 5; i++) await guesser.post("/login", { username: "ann", password: `wrong-${i}-guess` });
    expect((await guesser.post("/login", { username: "ann", password: "Correct-Horse-9" })).status).toBe(429);
    const listed = async (state: string) => (await (await admin.c.get(`/admin/agents?state=${state}`)).text()).includes("Ann Agent");
    expect(await listed("locked")).toBe(true);
    expect(await listed("active")).toBe(false);
    expect(await (await admin.c.get("/admin/agents")).text()).toContain("Sign-in paused");
    expect((await admin.c.post(`/admin/agents/${id}/unlock`)).status).toBe(303);
    expect(await listed("locked")).toBe(false);
    await guesser.login("ann");
  });

  test("queue and team checkboxes set the memberships; unknown ids are refused", async () => {
    const now = t.clock.now();
    t.db.$client.run("insert into queues (id, name, channel, created_at, updated_at) values ('q1', 'Sales', 'voice', ?, ?)", [now, now]);
    t.db.$client.run("insert into teams (id, name, created_at) values ('t1', 'Blue', ?)", [now]);
    const res = await admin.c.post("/admin/agents", form({ queueIds: "q1", teamIds: "t1" }));
    expect(await res.text()).toMatch(/value="q1" checked/);
    const id = byUsername("ann")?.id as string;
    const members = () => t.db.$client.query("select count(*) as n from queue_members where user_id = ?").get(id) as { n: number };
    expect(members().n).toBe(1);
    await admin.c.post(`/admin/agents/${id}`, form());
    expect(members().n).toBe(0);
    expect(JSON.parse(audits("user.updated")[0]?.detail ?? "{}").also).toEqual(["queues", "teams"]);
    expect((await admin.c.post(`/admin/agents/${id}`, form({ queueIds: "zzz" }))).status).toBe(422);
  });
});

describe("controls whose behaviour does not exist yet", () => {
  const STUBS = ['name="recording"', 'name="outboundAllowed"', 'name="capVideo"', 'name="capEmail"', 'name="autoAnswerVideo"'];

  test("the user form has no Record calls, no second outbound switch, no video/email capacity, no Video permission", async () => {
    const id = await makeUser(t);
    for (const path of ["/admin/agents/new", `/admin/agents/${id}`]) {
      const html = await (await admin.c.get(path)).text();
      for (const stub of STUBS) expect(html).not.toContain(stub);
      expect(html).not.toContain("Record calls");
      expect(html).not.toContain("Outbound calling allowed");
      expect(html).not.toContain('name="permissions" value="video"');
      // Reports is read by the interaction history (an agent's own interactions).
      expect(html).toContain('name="permissions" value="reports"');
      // The one outbound control left is the permission the dial pad enforces.
      expect(html).toContain('name="permissions" value="outside_calls"');
    }
  });

  test("posting a hidden control stores nothing of it; a Video permission is refused with 422", async () => {
    const id = await makeUser(t);
    const res = await admin.c.post(`/admin/agents/${id}`, form({ recording: "on", capVideo: "7", capEmail: "9" }));
    expect(res.status).toBe(303);
    const u = getUser(t.db, id);
    expect([u.recording, u.capVideo, u.capEmail]).toEqual([false, 1, 0]);
    const refused = await admin.c.post(`/admin/agents/${id}`, form({ fullName: "Changed", permissions: ["voice", "video"] }));
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Permissions");
    expect(getUser(t.db, id).fullName).toBe("Ann Agent");
  });

  test("a stored Video permission is not exported in the CSV", async () => {
    const id = await makeUser(t);
    t.db
      .update(users)
      .set({ permissions: JSON.stringify(["voice", "chat", "video", "reports"]) })
      .where(eq(users.id, id))
      .run();
    const csv = await (await admin.c.post("/admin/agents/bulk", { action: "export", ids: id })).text();
    expect(csv).toContain("voice chat reports");
    expect(csv).not.toContain("video");
  });
});

describe("avatars on the user form", () => {
  test("a PNG is stored and served as image/png", async () => {
    const id = await makeUser(t);
    const res = await admin.c.post(`/admin/agents/${id}`, form({ avatar: file(PNG_BYTES, "me.png", "image/png") }));
    expect(res.status).toBe(303);
    const img = await admin.c.get(`/avatars/${id}`);
    expect(img.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await img.arrayBuffer()).equals(PNG_BYTES)).toBe(true);
  });

  test("an SVG renamed .png is refused with a visible message, whatever type it declares", async () => {
    const res = await admin.c.post("/admin/agents", form({ avatar: file(SVG_BYTES, "cat.png", "image/png") }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The avatar must be a PNG or JPEG image");
    expect(byUsername("ann")).toBeUndefined();
  });

  test("an image over 8 MB is refused with a visible message", async () => {
    const big = new Uint8Array(8 * 1024 * 1024 + 1);
    big.set(PNG_BYTES);
    const id = await makeUser(t);
    const res = await admin.c.post(`/admin/agents/${id}`, form({ avatar: file(big, "big.png", "image/png") }));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("The avatar must be at most 8 MB");
  });
});

describe("passwords set by the admin", () => {
  test("the strong policy is enforced; a set password signs the user out and works", async () => {
    const id = await makeUser(t);
    const agent = signedIn(t, id);
    t.db.$client.run("insert into settings (key, value, updated_at) values ('strongPasswords', 'true', 0)");
    const weak = await admin.c.post(`/admin/agents/${id}/password`, { password: "alllowercase", confirm: "alllowercase" });
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain("Password needs an upper-case letter, a digit, a special character");
    const ok = await admin.c.post(`/admin/agents/${id}/password`, { password: "New-Secret-77", confirm: "New-Secret-77" });
    expect(ok.status).toBe(303);
    expect((await agent.get("/profile")).status).toBe(302);
    await t.client().login("ann", "New-Secret-77");
    expect(JSON.stringify(audits("user.password_set"))).not.toContain("New-Secret-77");
  });

  test("'Send password reset link' mails a one-hour link to a user with email", async () => {
    const id = await makeUser(t, { email: "ann@example.test" });
    const res = await admin.c.post(`/admin/agents/${id}/reset-link`);
    expect(res.headers.get("location")).toBe(`/admin/agents/${id}?saved=mailed`);
    const mails = t.db.select().from(mailOutbox).where(eq(mailOutbox.to, "ann@example.test")).all();
    expect(mails.at(-1)?.subject).toContain("set a new password");
    expect(mails.at(-1)?.text).toMatch(/\/password\/[\w-]+/);
  });
  test("a user without email gets a one-hour link shown to the admin instead", async () => {
    const id = await makeUser(t);
    const html = await (await admin.c.post(`/admin/agents/${id}/reset-link`)).text();
    const token = html.match(/<code id="reset-link">[^<]*\/password\/([\w-]+)<\/code>/)?.[1];
    expect((await t.client().get(`/password/${token}`)).status).toBe(200);
    t.clock.advance(3600_000);
    expect((await t.client().get(`/password/${token}`)).status).toBe(404);
  });
});

test("an agent gets 403 on every /admin/agents route", async () => {
  const id = await makeUser(t);
  const agent = signedIn(t, id);
  const gets = ["/admin/agents", "/admin/agents/new", `/admin/agents/${admin.id}`, `/admin/agents/${admin.id}/delete`];
  for (const path of gets) expect((await agent.get(path)).status).toBe(403);
  const posts = ["/admin/agents", "/admin/agents/bulk", `/admin/agents/${admin.id}`];
  for (const action of ["delete", "unlock", "password", "reset-link", "sip-secret"]) posts.push(`/admin/agents/${admin.id}/${action}`);
  for (const path of posts) expect((await agent.post(path, { action: "delete", ids: admin.id, confirm: "yes" })).status).toBe(403);
  expect(getUser(t.db, admin.id).disabled).toBe(false);
});

test("a <script> in a full name is escaped in the list and on the edit page", async () => {
  const id = await makeUser(t, { fullName: "<script>alert(1)</script>", alias: '"><img src=x>' });
  for (const path of ["/admin/agents", `/admin/agents/${id}`]) {
    const html = await (await admin.c.get(path)).text();
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  }
});
