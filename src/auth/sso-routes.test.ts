/**
 * Single sign-on against a real OpenID provider (`oidc-provider`) on loopback, through the real
 * `openid-client`: the callback's checks, the account match and the session it makes.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog } from "../audit/schema.ts";
import { saveSettings, SETTING_DEFAULTS, type SsoSettings } from "../settings/index.ts";
import { makeTestApp, TEST_PASSWORD, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { OIDC_CLIENT, signInAtProvider, startOidcProvider } from "../../tests/support/oidc.ts";
import { makeUser } from "../../tests/support/users.ts";
import { beginEnrolment, confirmEnrolment, totpCodeAt } from "./index.ts";
import { users } from "./schema.ts";

const REDIRECT = "http://127.0.0.1:9999/login/sso/callback";
let idp: Awaited<ReturnType<typeof startOidcProvider>>;
let t: TestApp;
let annId: string;

beforeAll(async () => {
  idp = await startOidcProvider(REDIRECT, {
    ann: { email: "Ann@Example.test", email_verified: true },
    stranger: { email: "nobody@example.test", email_verified: true },
    unverified: { email: "ann@example.test", email_verified: false },
    byname: { preferred_username: "ann" },
  });
});
afterAll(() => idp.stop());
beforeEach(async () => {
  t = makeTestApp();
  annId = await makeUser(t, { email: "ann@example.test" });
  configure();
});
afterEach(() => t.cleanup());

function configure(over: Partial<SsoSettings> = {}) {
  const sso: SsoSettings = {
    ...SETTING_DEFAULTS.sso,
    issuer: idp.issuer,
    clientId: OIDC_CLIENT.id,
    clientSecret: OIDC_CLIENT.secret,
    label: "Example ID",
    ...over,
  };
  saveSettings(t.db, { sso }, t.clock.now());
}

/** Starts at /login/sso, signs in at the provider as `login`, and returns the callback URL it sends back. */
async function throughProvider(c: TestClient, login: string): Promise<URL> {
  const start = await c.get("/login/sso");
  expect(start.status).toBe(303);
  return signInAtProvider(start.headers.get("location") ?? "", login, REDIRECT);
}

const callback = (c: TestClient, url: URL) => c.get(`/login/sso/callback${url.search}`);
const consoleStatus = async (c: TestClient) => (await c.get("/console")).status;

describe("the login page", () => {
  test("shows Sign in with <label> only when single sign-on is set up", async () => {
    expect(await (await t.client().get("/login")).text()).toContain("Sign in with Example ID");
    configure({ issuer: "" });
    expect(await (await t.client().get("/login")).text()).not.toContain("Sign in with");
  });
});

describe("the callback", () => {
  test("a good flow signs the account with the verified email in, with an audit row", async () => {
    const c = t.client();
    const back = await throughProvider(c, "ann");
    expect(back.searchParams.get("code")).toBeTruthy();
    const res = await callback(c, back);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console");
    expect(await consoleStatus(c)).toBe(200);
    const rows = t.db.select().from(auditLog).where(eq(auditLog.action, "user.signed_in_sso")).all();
    expect(rows.map((r) => [r.actorId, r.targetId])).toEqual([[annId, annId]]);
    expect(rows[0]?.detail).toContain('"subject":"ann"');

    // Signing out ends it like a password session.
    expect((await c.post("/logout")).status).toBe(303);
    expect(await consoleStatus(c)).toBe(302);
  });

  test("a state that differs from the one this browser started is refused", async () => {
    const c = t.client();
    const back = await throughProvider(c, "ann");
    back.searchParams.set("state", "forged-state-value");
    const res = await callback(c, back);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Sign-in with Example ID failed");
    expect(await consoleStatus(c)).toBe(302);
  });

  test("an ID token whose nonce differs from the one this browser sent is refused", async () => {
    const c = t.client();
    const back = await throughProvider(c, "ann");
    const pending = JSON.parse(Buffer.from(c.cookies.get("sb_sso") ?? "", "base64url").toString());
    c.cookies.set("sb_sso", Buffer.from(JSON.stringify({ ...pending, nonce: "another-nonce" })).toString("base64url"));
    const res = await callback(c, back);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("nonce");
    expect(await consoleStatus(c)).toBe(302);
  });

  test("an answer brought to another browser (no pending cookie) is refused", async () => {
    const back = await throughProvider(t.client(), "ann");
    const other = t.client();
    const res = await callback(other, back);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("was not started in this browser");
    expect(await consoleStatus(other)).toBe(302);
  });

  test("an email no account has is refused, and nobody is created", async () => {
    const c = t.client();
    const before = t.db.select().from(users).all().length;
    const res = await callback(c, await throughProvider(c, "stranger"));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("No account here has the email nobody@example.test");
    expect(t.db.select().from(users).all().length).toBe(before);
    expect(await consoleStatus(c)).toBe(302);
  });

  test("an email the provider has not verified finds nobody", async () => {
    const c = t.client();
    const res = await callback(c, await throughProvider(c, "unverified"));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("has not verified your email");
  });

  test("a disabled or locked account stays refused", async () => {
    t.db.update(users).set({ disabled: true }).where(eq(users.id, annId)).run();
    let c = t.client();
    let res = await callback(c, await throughProvider(c, "ann"));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("This account is disabled.");
    expect(await consoleStatus(c)).toBe(302);

    t.db.update(users).set({ disabled: false, locked: true }).where(eq(users.id, annId)).run();
    c = t.client();
    res = await callback(c, await throughProvider(c, "ann"));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("This account is locked.");
  });

  test("a role not allowed to use it is refused", async () => {
    configure({ allowedRoles: ["admin", "supervisor"] });
    const c = t.client();
    const res = await callback(c, await throughProvider(c, "ann"));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Accounts with the agent role do not sign in with Example ID");
  });

  test("a configured claim can carry the username instead of the email", async () => {
    configure({ matchClaim: "preferred_username" });
    const c = t.client();
    const res = await callback(c, await throughProvider(c, "byname"));
    expect(res.status).toBe(303);
    expect(await consoleStatus(c)).toBe(200);
  });

  test("an account with two-step sign-in still gives its code after the provider (decision 025)", async () => {
    const secret = beginEnrolment(t.db, annId, t.clock.now());
    confirmEnrolment(t.db, { id: annId, name: "ann" }, totpCodeAt(secret, t.clock.now()), t.clock.now());
    t.clock.advance(30_000);
    const c = t.client();
    const res = await callback(c, await throughProvider(c, "ann"));
    expect(res.headers.get("location")).toBe("/login/code");
    expect(await consoleStatus(c)).toBe(302);
    const code = await c.post("/login/code", { code: totpCodeAt(secret, t.clock.now()) });
    expect(code.headers.get("location")).toBe("/console");
    expect(await consoleStatus(c)).toBe(200);
  });
});

describe("roles that must use it", () => {
  test("their password is refused with a pointer to the button; admins keep theirs", async () => {
    configure({ requiredRoles: ["agent"] });
    const res = await t.client().post("/login", { username: "ann", password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Your account signs in with Example ID");
    await makeUser(t, { username: "boss", role: "admin", fullName: "The Boss", extension: "10" });
    expect((await t.client().post("/login", { username: "boss", password: TEST_PASSWORD })).status).toBe(303);
  });
});
