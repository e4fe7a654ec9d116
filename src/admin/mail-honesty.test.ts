import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { RETRY_DELAYS_MS } from "../integrations/mail/index.ts";
import { mailOutbox } from "../integrations/mail/schema.ts";
import { saveSettings } from "../settings/index.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { startSmtpServer } from "../../tests/support/smtp.ts";
import { adminClient, makeUser, signedIn } from "../../tests/support/users.ts";

let t: TestApp;
let admin: { id: string; c: TestClient };
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());
beforeEach(async () => {
  t = makeTestApp();
  admin = await adminClient(t);
});
afterEach(() => t.cleanup());

const newAgent = { fullName: "Ann Agent", username: "ann", role: "agent", typology: "browser", capChat: "3", capVideo: "1", capEmail: "0" };
const useSmtp = (port: number) =>
  saveSettings(t.db, { smtp: { host: "127.0.0.1", port, secure: false, user: "", pass: "", from: "center@acme.test" } }, t.clock.now());
const banner = async () => (await admin.c.get("/admin/mail-banner")).text();

describe("what admins are told about mail", () => {
  test("without SMTP the welcome mail and the reset link are 'queued: mail is not configured', not 'on its way'", async () => {
    const created = await (await admin.c.post("/admin/agents", { ...newAgent, email: "ann@acme.test" })).text();
    expect(created).toContain("A welcome mail with a set-password link to ann@acme.test is queued: mail is not configured");
    expect(created).not.toContain("on its way");
    const id = await makeUser(t, { username: "bob", email: "bob@acme.test" });
    await admin.c.post(`/admin/agents/${id}/reset-link`);
    const page = await (await admin.c.get(`/admin/agents/${id}?saved=mailed`)).text();
    expect(page).toContain("A password reset link to the user&#39;s email address is queued: mail is not configured");

    useSmtp(smtp.port);
    const next = await (await admin.c.post("/admin/agents", { ...newAgent, username: "cid", email: "cid@acme.test" })).text();
    expect(next).toContain("A welcome mail with a set-password link to cid@acme.test is on its way.");
  });

  test("every admin page loads a banner that says while mail waits for SMTP settings, and while it fails", async () => {
    expect(await (await admin.c.get("/admin/agents")).text()).toContain('hx-get="/admin/mail-banner"');
    t.db.delete(mailOutbox).run();
    expect(await banner()).toBe('<div id="mail-banner"></div>');

    t.deps.mail.enqueue(t.db, { to: "ann@acme.test", subject: "Welcome", text: "Hello" });
    await t.deps.mail.flush();
    expect(await banner()).toContain("1 mail waiting: mail is not configured.");

    // Nothing listens on port 1: the mail is retried, then fails for good; the banner says so with the reason.
    useSmtp(1);
    await t.deps.mail.flush();
    expect(await banner()).toMatch(/1 mail not delivered yet \(.+\); they are retried/);
    for (const delay of RETRY_DELAYS_MS) {
      t.clock.advance(delay);
      await t.deps.mail.flush();
    }
    expect(t.db.select().from(mailOutbox).where(eq(mailOutbox.status, "failed")).all()).toHaveLength(1);
    admin.c = signedIn(t, admin.id); // hours went by: a fresh sign-in
    expect(await banner()).toMatch(/1 mail failed for good in the last 24 hours \(.+\)/);
    t.clock.advance(25 * 3600_000);
    admin.c = signedIn(t, admin.id);
    expect(await banner()).toBe('<div id="mail-banner"></div>');
  });

  test("an agent cannot read the banner", async () => {
    const c = signedIn(t, await makeUser(t, { username: "dan" }));
    expect((await c.get("/admin/mail-banner")).status).toBe(403);
  });
});
