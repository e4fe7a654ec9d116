import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { listAudit } from "../audit/index.ts";
import { getSettings } from "../settings/index.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { OIDC_CLIENT, startOidcProvider } from "../../tests/support/oidc.ts";
import { addUser, adminClient } from "../../tests/support/kits/admin.ts";

let idp: Awaited<ReturnType<typeof startOidcProvider>>;
let t: TestApp;
let c: TestClient;
beforeAll(async () => {
  idp = await startOidcProvider("http://127.0.0.1:9999/login/sso/callback", {});
});
afterAll(() => idp.stop());
beforeEach(async () => {
  t = makeTestApp();
  ({ c } = await adminClient(t));
});
afterEach(() => t.cleanup());

const HX = { "HX-Request": "true" };
const form = (issuer: string, over: Record<string, string> = {}) => ({
  issuer,
  clientId: OIDC_CLIENT.id,
  clientSecret: OIDC_CLIENT.secret,
  label: "Example ID",
  matchClaim: "email",
  allowed_admin: "on",
  allowed_agent: "on",
  required_agent: "on",
  ...over,
});

describe("Admin → Settings → Single sign-on", () => {
  test("saves the provider; the secret is kept, never shown back or audited; the redirect URI to register is shown", async () => {
    const res = await c.post("/admin/settings/sso", form(`${idp.issuer}/`));
    expect(res.status).toBe(303);
    expect(getSettings(t.db).sso).toMatchObject({
      issuer: idp.issuer,
      clientSecret: OIDC_CLIENT.secret,
      allowedRoles: ["admin", "agent"],
      requiredRoles: ["agent"],
    });
    const page = await (await c.get("/admin/settings/sso")).text();
    expect(page).not.toContain(OIDC_CLIENT.secret);
    expect(page).toContain("Set. Leave empty to keep it.");
    expect(page).toContain("http://127.0.0.1:9999/login/sso/callback");
    await c.post("/admin/settings/sso", form(idp.issuer, { clientSecret: "", label: "Company login" }));
    expect(getSettings(t.db).sso).toMatchObject({ clientSecret: OIDC_CLIENT.secret, label: "Company login" });
    expect(JSON.stringify(listAudit(t.db, {}))).not.toContain(OIDC_CLIENT.secret);
    expect(await (await t.client().get("/login")).text()).toContain("Sign in with Company login");
  });

  test("bad input is refused with the field's message and nothing stored", async () => {
    const bad = await c.post(
      "/admin/settings/sso",
      form("http://idp.example.com", { matchClaim: "e mail", allowed_agent: "", clientSecret: "typed-secret" }),
    );
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Issuer URL must start with https://");
    expect(html).toContain("Claim that finds the account must be a claim name");
    expect(html).toContain("must also be allowed to: agent");
    expect(html).not.toContain("typed-secret");
    expect(getSettings(t.db).sso.issuer).toBe("");
    const noLabel = await c.post("/admin/settings/sso", form("https://idp.example.com", { label: "" }));
    expect(noLabel.status).toBe(422);
    expect(await noLabel.text()).toContain("Button label is required");
  });

  test("Test connection is disabled until configured, then says what discovery found or why it failed", async () => {
    expect(await (await c.get("/admin/settings/sso")).text()).toMatch(
      /<button type="submit" class="secondary" disabled="">\s*Test connection/,
    );
    await c.post("/admin/settings/sso", form(idp.issuer));
    const ok = await (await c.post("/admin/settings/sso/test", {}, HX)).text();
    expect(ok).toContain(`Found the provider ${idp.issuer}: sign-in at ${idp.issuer}/auth. Discovery works.`);
    expect(ok).toContain('role="status"');

    await c.post("/admin/settings/sso", form(`${idp.issuer}/wrong-realm`));
    const wrong = await (await c.post("/admin/settings/sso/test", {}, HX)).text();
    expect(wrong).toContain("Discovery failed");
    expect(wrong).toContain('role="alert"');
  });

  test("agents cannot open the page", async () => {
    await addUser(t.db, "ann");
    const agent = t.client();
    await agent.login("ann");
    expect((await agent.get("/admin/settings/sso")).status).toBe(403);
    expect((await agent.post("/admin/settings/sso", form(idp.issuer))).status).toBe(403);
  });
});
