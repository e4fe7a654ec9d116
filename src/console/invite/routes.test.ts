import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mailOutbox } from "../../integrations/mail/schema.ts";
import { sha256Hex } from "../../shared/index.ts";
import { INVITE_LIMIT, readInviteForm, sendInvite } from "../../widget/index.ts";
import { widgetInvites } from "../../widget/invite-schema.ts";
import { insertQueue, insertUser } from "../../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { signedIn } from "../../../tests/support/users.ts";

let t: TestApp;
let ann: string;
let sales: string;
beforeEach(() => {
  t = makeTestApp();
  ann = insertUser(t.db, { username: "ann", fullName: "Ann Realname", alias: "Annie" });
  sales = insertQueue(t.db, { name: "Sales", members: [ann] });
  insertQueue(t.db, { name: "Phones", channel: "voice", members: [ann] });
});
afterEach(() => t.cleanup());

const form = (over: Record<string, string> = {}) => ({
  name: "Carla Customer",
  email: "carla@home.test",
  kind: "chat",
  department: sales,
  ...over,
});

describe("the invite page (W7)", () => {
  test("offers chat only, says why audio and video are disabled, and lists the chat departments; the console links to it", async () => {
    const c = signedIn(t, ann);
    expect(await (await c.get("/console")).text()).toContain('href="/console/invite"');
    const res = await c.get("/console/invite");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<input type="radio" name="kind" value="chat" checked=""\s*\/?>/);
    expect(html).toMatch(/value="audio" disabled=""/);
    expect(html).toMatch(/value="video" disabled=""/);
    expect(html).toContain("Audio and video sessions arrive with the voice and video work");
    expect(html).toContain(">Sales</option>");
    expect(html).not.toContain(">Phones</option>");
    // Start muted waits for audio and video invitations.
    expect(html).not.toContain("Start muted");
    expect(html).not.toContain('name="muted"');
  });

  test("is for agents and supervisors: an administrator is refused, a visitor is sent to sign in", async () => {
    const boss = insertUser(t.db, { username: "boss", role: "admin" });
    expect((await signedIn(t, boss).get("/console/invite")).status).toBe(403);
    // The console shows the link only to those who may use it.
    expect(await (await signedIn(t, boss).get("/console")).text()).not.toContain('href="/console/invite"');
    const anonymous = await t.client().get("/console/invite");
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toContain("/login");
  });

  test("an agent without the Chat permission has no link and gets 403 with a message: the invited chat would ring them", async () => {
    const vic = insertUser(t.db, { username: "vic", permissions: JSON.stringify(["voice"]) });
    const c = signedIn(t, vic);
    expect(await (await c.get("/console")).text()).not.toContain('href="/console/invite"');
    const res = await c.post("/console/invite", form());
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("You do not have the Chat permission.");
    expect(t.db.select().from(widgetInvites).all()).toHaveLength(0);
  });
});

describe("sending an invitation", () => {
  test("stores only the token's hash and queues one mail whose only secret is the link's token", async () => {
    const c = signedIn(t, ann);
    const res = await c.post("/console/invite", form());
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/invite?sent=1");
    const [invite] = t.db.select().from(widgetInvites).all();
    expect(invite).toMatchObject({
      agentId: ann,
      queueId: sales,
      name: "Carla Customer",
      email: "carla@home.test",
      kind: "chat",
    });
    expect(invite?.expiresAt).toBe(t.clock.now() + 24 * 3600_000);

    const mails = t.db.select().from(mailOutbox).all();
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toBe("carla@home.test");
    expect(mail.subject).toBe("Annie of Switchboard invites you to a chat");
    const link = /http:\/\/127\.0\.0\.1:9999\/connect\/([A-Za-z0-9_-]{43})\b/.exec(mail.text);
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(sha256Hex(token)).toBe(invite!.tokenHash);
    // Nothing else secret: no session, no CSRF token, no hash; the agent appears under the alias only.
    const secrets = [invite!.tokenHash, c.cookies.get("sb_session")!, c.csrf, invite!.id];
    for (const s of secrets) expect(mail.text).not.toContain(s);
    expect(mail.text.split(token)).toHaveLength(2);
    expect(mail.text).not.toContain("Realname");
    expect(mail.text).toContain("Hello Carla Customer,");

    const page = await (await c.get("/console/invite?sent=1")).text();
    // No SMTP server in this test: the agent is told the mail waits, not that it is on its way.
    expect(page).toContain("The invitation is queued: mail is not configured, so it goes out once it is.");
    expect(page).toContain("carla@home.test");
    expect(page).toContain("Not used yet");
  });

  test("bad input re-renders the form with a message per field (422) and sends nothing", async () => {
    const c = signedIn(t, ann);
    const res = await c.post("/console/invite", form({ name: "", email: "not-mail", department: "elsewhere" }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Name is required");
    expect(html).toContain("Email is not a valid email address");
    expect(html).toContain("Department must be one of");
    expect(html).toContain('value="not-mail"');
    const video = await c.post("/console/invite", form({ kind: "video" }));
    expect(video.status).toBe(422);
    expect(await video.text()).toContain("send a chat invitation for now");
    expect(t.db.select().from(widgetInvites).all()).toHaveLength(0);
    expect(t.db.select().from(mailOutbox).all()).toHaveLength(0);
  });

  test(`an agent sends at most ${INVITE_LIMIT.count} an hour: then 429 with a message, and again after the hour`, async () => {
    const input = readInviteForm(form(), [sales]);
    for (let n = 0; n < INVITE_LIMIT.count; n++) sendInvite(t.deps, ann, input, t.clock.now());
    const c = signedIn(t, ann);
    const refused = await c.post("/console/invite", form({ name: "One Too Many" }));
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("Wait a while before sending more");
    expect(t.db.select().from(widgetInvites).all()).toHaveLength(INVITE_LIMIT.count);
    // Another agent is not held back by Ann's invitations.
    const bob = insertUser(t.db, { username: "bob" });
    expect((await signedIn(t, bob).post("/console/invite", form())).status).toBe(303);
    t.clock.advance(INVITE_LIMIT.windowMs);
    expect((await signedIn(t, ann).post("/console/invite", form({ name: "Next Hour" }))).status).toBe(303);
  });
});
