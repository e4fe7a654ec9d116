import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { listAudit } from "../audit/index.ts";
import { getSettings } from "../settings/index.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { type FakeSalesforce, startFakeSalesforce } from "../../tests/support/salesforce.ts";
import { adminClient } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let c: TestClient;
let sf: FakeSalesforce | null = null;
beforeEach(async () => {
  t = makeTestApp();
  ({ c } = await adminClient(t));
});
afterEach(() => {
  sf?.stop();
  sf = null;
  t.cleanup();
});

const HX = { "HX-Request": "true" };
const form = (loginUrl: string, over: Record<string, string> = {}) => ({
  loginUrl,
  flow: "client_credentials",
  clientId: "consumer-key",
  clientSecret: "very-secret-value",
  username: "",
  password: "",
  voiceSource: "address",
  voiceField: "Phone",
  chatSource: "address",
  chatField: "Email",
  ...over,
});

describe("Admin → Settings → Salesforce", () => {
  test("saves the connection; the secret is kept, never shown back, and only said to be set", async () => {
    const res = await c.post("/admin/settings/salesforce", form("https://login.salesforce.com/"));
    expect(res.status).toBe(303);
    expect(getSettings(t.db).salesforce).toMatchObject({ loginUrl: "https://login.salesforce.com", clientSecret: "very-secret-value" });
    const page = await (await c.get("/admin/settings/salesforce")).text();
    expect(page).not.toContain("very-secret-value");
    expect(page).toContain("Set. Leave empty to keep it.");
    // An empty secret field keeps the stored secret.
    await c.post("/admin/settings/salesforce", form("https://login.salesforce.com", { clientSecret: "", chatField: "PersonEmail" }));
    expect(getSettings(t.db).salesforce).toMatchObject({ clientSecret: "very-secret-value", lookup: { chat: { field: "PersonEmail" } } });
    const audit = JSON.stringify(listAudit(t.db, {}));
    expect(audit).not.toContain("very-secret-value");
  });

  test("bad input is refused with the field's message and nothing stored", async () => {
    const bad = await c.post(
      "/admin/settings/salesforce",
      form("ftp://x", { chatField: "Email' OR Id != '", clientSecret: "s3cret-typed" }),
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Login URL must be like");
    expect(html).toContain("Contact field must be an API name");
    expect(html).not.toContain("s3cret-typed");
    expect(getSettings(t.db).salesforce.loginUrl).toBe("");
    const missing = await c.post(
      "/admin/settings/salesforce",
      form("https://login.salesforce.com", { clientSecret: "", flow: "password" }),
    );
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain("Username is required");
  });

  test("Test connection is disabled until configured, then says what worked or what failed", async () => {
    expect(await (await c.get("/admin/settings/salesforce")).text()).toMatch(
      /<button type="submit" class="secondary" disabled="">\s*Test connection/,
    );
    sf = startFakeSalesforce();
    await c.post("/admin/settings/salesforce", form(sf.url));
    const ok = await (await c.post("/admin/settings/salesforce/test", {}, HX)).text();
    expect(ok).toContain(`Signed in and queried Contacts at ${sf.url}. Salesforce works.`);
    expect(sf.requests("token")[0]?.body).toMatchObject({
      grant_type: "client_credentials",
      client_id: "consumer-key",
      client_secret: "very-secret-value",
    });
    expect(sf.requests("query")[0]?.auth).toBe("Bearer 00Dfake!token");
    sf.stop();
    sf = startFakeSalesforce({ refuseToken: true });
    await c.post("/admin/settings/salesforce", form(sf.url));
    const refused = await (await c.post("/admin/settings/salesforce/test", {}, HX)).text();
    expect(refused).toContain("The connection failed: invalid_client");
  });

  test("the username-password flow signs in with the stored password", async () => {
    sf = startFakeSalesforce();
    await c.post("/admin/settings/salesforce", form(sf.url, { flow: "password", username: "api@acme.test", password: "pw+token" }));
    expect(await (await c.post("/admin/settings/salesforce/test", {}, HX)).text()).toContain("Salesforce works.");
    expect(sf.requests("token")[0]?.body).toMatchObject({ grant_type: "password", username: "api@acme.test", password: "pw+token" });
  });

  test("agents cannot open the page", async () => {
    const { addUser } = await import("../../tests/support/kits/admin.ts");
    await addUser(t.db, "ann");
    const agent = t.client();
    await agent.login("ann");
    expect((await agent.get("/admin/settings/salesforce")).status).toBe(403);
  });
});
