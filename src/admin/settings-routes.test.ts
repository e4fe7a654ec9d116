import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { listAudit } from "../audit/index.ts";
import { getSettings } from "../settings/index.ts";
import { startSmtpServer } from "../../tests/support/smtp.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { adminClient } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let c: TestClient;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());
beforeEach(async () => {
  t = makeTestApp();
  ({ c } = await adminClient(t));
});
afterEach(() => t.cleanup());

const form = (over: Record<string, string> = {}) => ({
  centerName: "Acme Care",
  timeZone: "Europe/Rome",
  publicAddress: "pbx.example.com",
  maxOpenInteractions: "12",
  maskDigits: "3",
  strongPasswords: "on",
  lockoutAfter: "7",
  smtpHost: "127.0.0.1",
  smtpPort: String(smtp.port),
  smtpUser: "mailer",
  smtpPass: "s3cret-pass",
  smtpFrom: "noreply@acme.test",
  widgetOrigins: "https://www.acme.test\nhttp://localhost:8080",
  notReadyReasons: "Break\nLunch",
  dispositions: "Solved\nCall back",
  bhEnabled: "on",
  bhDay0: "",
  bhDay1: "08:00-17:30",
  bhDay2: "08:00-17:30",
  bhDay3: "08:00-17:30",
  bhDay4: "08:00-17:30",
  bhDay5: "09:00-12:00",
  bhDay6: "",
  bhClosedTreatment: "announcement",
  voiceClosedTreatment: "hangup",
  attachedFields: "Account number\nFirst name",
  ...over,
});

async function refused(over: Record<string, string>, message: string) {
  const res = await c.post("/admin/settings", form(over));
  expect(res.status).toBe(422);
  const html = await res.text();
  expect(html).toContain(message);
  return html;
}

describe("settings", () => {
  test("saved settings come back on reload and are audited without the SMTP password", async () => {
    expect((await c.post("/admin/settings", form())).status).toBe(303);
    const s = getSettings(t.db);
    expect(s).toMatchObject({
      centerName: "Acme Care",
      timeZone: "Europe/Rome",
      publicAddress: "pbx.example.com",
      maxOpenInteractions: 12,
      maskDigits: 3,
      strongPasswords: true,
      lockoutAfter: 7,
      widgetOrigins: ["https://www.acme.test", "http://localhost:8080"],
      notReadyReasons: ["Break", "Lunch"],
      dispositions: ["Solved", "Call back"],
      attachedFields: ["Account number", "First name"],
    });
    expect(s.smtp).toEqual({
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      user: "mailer",
      pass: "s3cret-pass",
      from: "noreply@acme.test",
    });
    expect(s.businessHours).toEqual({
      enabled: true,
      days: ["", "08:00-17:30", "08:00-17:30", "08:00-17:30", "08:00-17:30", "09:00-12:00", ""],
      closedTreatment: "announcement",
    });
    expect(s.voiceClosedTreatment).toBe("hangup");
    const html = await (await c.get("/admin/settings")).text();
    expect(html).toMatch(/<option value="hangup" selected="">Do not answer/);
    expect(html).toContain('value="pbx.example.com"');
    expect(html).toContain("Acme Care");
    expect(html).not.toContain("s3cret-pass");
    const [row] = listAudit(t.db, { search: "settings.updated" }).rows;
    expect(row?.detail).toContain("centerName");
    expect(row?.detail).toContain('"pass":{"from":"(hidden)","to":"(changed)"}');
    expect(row?.detail).not.toContain("s3cret-pass");
  });

  test("an empty SMTP password keeps the stored one; the remove box clears it", async () => {
    await c.post("/admin/settings", form());
    expect((await c.post("/admin/settings", form({ smtpPass: "", centerName: "Acme 2" }))).status).toBe(303);
    expect(getSettings(t.db).smtp.pass).toBe("s3cret-pass");
    expect(getSettings(t.db).centerName).toBe("Acme 2");
    const rejected = await c.post("/admin/settings", form({ smtpPass: "new-one", maskDigits: "11" }));
    expect(rejected.status).toBe(422);
    expect(await rejected.text()).not.toContain("new-one");
    expect((await c.post("/admin/settings", form({ smtpPass: "", smtpPassClear: "on" }))).status).toBe(303);
    expect(getSettings(t.db).smtp.pass).toBe("");
  });

  test("bad values are refused with 422 and nothing is stored", async () => {
    await refused({ widgetOrigins: "https://ok.test\nhttps://site.test/path" }, "must be an origin only");
    await refused({ widgetOrigins: "http://shop.test" }, "must start with https://");
    await refused({ widgetOrigins: "not a url" }, "is not an address");
    await refused({ timeZone: "Mars/Olympus" }, "Mars/Olympus is not a time zone name such as Europe/Rome");
    await refused({ timeZone: "" }, "Time zone");
    await refused({ attachedFields: Array.from({ length: 11 }, (_, i) => `Field ${i}`).join("\n") }, "at most 10 (you entered 11)");
    await refused({ attachedFields: "Name\nname" }, "is listed twice");
    await refused({ attachedFields: "x".repeat(41) }, "longer than 40 characters");
    await refused({ attachedFields: "Account: number" }, "may only have letters, digits, spaces, -, _ and .");
    await refused({ attachedFields: "Account number\naccount-number" }, "would be filled by the same context key and header");
    await refused({ notReadyReasons: "" }, "Not Ready reasons: enter at least 1");
    await refused({ dispositions: Array.from({ length: 21 }, (_, i) => `D${i}`).join("\n") }, "at most 20");
    await refused({ publicAddress: "bad host!" }, "Public address must be a host name or an IP address");
    await refused({ publicAddress: "300.1.1.1" }, "Public address must be a host name or an IP address");
    await refused({ maxOpenInteractions: "51" }, "between 1 and 50");
    await refused({ lockoutAfter: "21" }, "between 0 and 20");
    await refused({ smtpPort: "70000" }, "between 1 and 65535");
    await refused({ bhDay1: "18:00-08:00" }, "closing time must be after the opening time");
    await refused({ bhDay2: "8-5" }, "Use HH:MM-HH:MM");
    await refused({ bhClosedTreatment: "shrug" }, "Outside business hours must be one of");
    await refused({ voiceClosedTreatment: "voicemail" }, "Calls outside business hours must be one of: announcement, hangup");
    expect(getSettings(t.db).centerName).toBe("Switchboard");
    expect(listAudit(t.db, { search: "settings" }).total).toBe(0);
  });

  test("the time zone is an IANA name, stored as written canonically", async () => {
    expect((await c.post("/admin/settings", form({ timeZone: "america/new_york" }))).status).toBe(303);
    expect(getSettings(t.db).timeZone).toBe("America/New_York");
    expect(await (await c.get("/admin/settings")).text()).toContain('value="America/New_York"');
  });

  test("IPv4 and IPv6 public addresses are accepted", async () => {
    expect((await c.post("/admin/settings", form({ publicAddress: "203.0.113.7" }))).status).toBe(303);
    expect((await c.post("/admin/settings", form({ publicAddress: "2001:db8::1" }))).status).toBe(303);
    expect(getSettings(t.db).publicAddress).toBe("2001:db8::1");
  });

  test("http:// origins of loopback and private addresses are accepted with a warning; public ones are refused", async () => {
    const res = await c.post(
      "/admin/settings",
      form({ widgetOrigins: "https://www.acme.test\nhttp://127.0.0.1:8099\nhttp://192.168.1.20" }),
    );
    expect(res.status).toBe(303);
    expect(getSettings(t.db).widgetOrigins).toEqual(["https://www.acme.test", "http://127.0.0.1:8099", "http://192.168.1.20"]);
    const html = await (await c.get("/admin/settings")).text();
    expect(html).toContain("Allowed over plain HTTP, for testing only: http://127.0.0.1:8099, http://192.168.1.20.");
    await refused({ widgetOrigins: "http://203.0.113.7" }, "must start with https://");
  });

  test("the widget section shows the embed snippet with the public URL and links a test page that loads it", async () => {
    const html = await (await c.get("/admin/settings")).text();
    expect(html).toContain("&lt;script src=&quot;http://127.0.0.1:9999/widget.js&quot; async&gt;&lt;/script&gt;");
    expect(html).toContain('href="/admin/settings/widget-test"');
    // TLS is off in these tests: the page says the widget works only on this machine and what to do.
    expect(html).toContain("TLS is off: the widget works only for pages on this machine. Give the box a certificate the public trusts");
    const page = await c.get("/admin/settings/widget-test");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="http://127.0.0.1:9999/widget.js" async></script>');
    expect((await t.client().get("/admin/settings/widget-test")).status).not.toBe(200);
  });

  test("a self-signed certificate is called out: customers' browsers refuse the widget from it", async () => {
    const selfSigned = makeTestApp({ tls: "auto" });
    try {
      const { c: admin } = await adminClient(selfSigned);
      const html = await (await admin.get("/admin/settings")).text();
      expect(html).toContain("self-signed certificate: customers&#39; browsers will refuse to load the widget from it");
      expect(html).toContain("--tls-cert and --tls-key");
    } finally {
      selfSigned.cleanup();
    }
  });

  test("a long attached-data field name is shown truncated with the full name on hover", async () => {
    await c.post("/admin/settings", form({ attachedFields: "Customer account number\nCity" }));
    const html = await (await c.get("/admin/settings")).text();
    expect(html).toContain('<span class="truncate field-name" title="Customer account number">Customer account number</span>');
    expect(html).toContain('<span class="field-name">City</span>');
  });

  test("Send test mail delivers through the saved SMTP settings and says so", async () => {
    await c.post("/admin/settings", form({ smtpUser: "", smtpPass: "" }));
    const res = await c.post("/admin/settings/test-mail", { testTo: "ops@acme.test" }, { "HX-Request": "true" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Test mail sent to ops@acme.test");
    const mail = await smtp.waitFor("ops@acme.test", /Test mail from Acme Care/);
    expect(mail.text).toContain("outgoing mail works");
  });

  test("a failing test mail shows the reason; a bad address is 422", async () => {
    const res = await c.post("/admin/settings/test-mail", { testTo: "ops@acme.test" });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("could not be sent: SMTP is not configured");
    const bad = await c.post("/admin/settings/test-mail", { testTo: "nobody" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Send to is not a valid email address");
  });
});
