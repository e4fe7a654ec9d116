import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { auditLog } from "../audit/schema.ts";
import { getSettings, saveSettings } from "../settings/index.ts";
import { valuesOfSettings } from "../../views/admin/settings.tsx";
import { beginEnrolment, confirmEnrolment, totpCodeAt } from "./index.ts";
import { makeTestApp, TEST_PASSWORD, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { adminClient, makeUser, signedIn } from "../../tests/support/users.ts";

let t: TestApp;
let annId: string;
beforeEach(async () => {
  t = makeTestApp();
  annId = await makeUser(t);
});
afterEach(() => t.cleanup());

const STEP = 30_000;
const secretOn = (html: string) => (html.match(/data-testid="totp-secret">([A-Z2-7 ]+)</)?.[1] ?? "").replace(/ /g, "");
const recoveryCodesOn = (html: string) => [...html.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1] as string);
const auditActions = (action: string) => t.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

/** Ann with two-step sign-in on (set up directly); returns her secret. The clock then moves on a step. */
function enrolAnn(): string {
  const secret = beginEnrolment(t.db, annId, t.clock.now());
  confirmEnrolment(t.db, { id: annId, name: "ann" }, totpCodeAt(secret, t.clock.now()), t.clock.now());
  t.clock.advance(STEP);
  return secret;
}

async function passwordStep(c: TestClient, username = "ann"): Promise<Response> {
  return c.post("/login", { username, password: TEST_PASSWORD });
}

async function canUseConsole(c: TestClient): Promise<boolean> {
  return (await c.get("/console")).status === 200;
}

describe("enrolment on the profile page", () => {
  test("a code computed from the shown key turns it on and shows ten recovery codes once; a wrong code does not", async () => {
    const c = signedIn(t, annId);
    expect(await (await c.get("/profile")).text()).toContain("Set up two-step sign-in");
    const page = await (await c.get("/profile/two-step")).text();
    expect(page).toContain("<svg");
    const secret = secretOn(page);
    expect(secret.length).toBe(32);

    const wrong = await c.post("/profile/two-step/confirm", { code: totpCodeAt(secret, t.clock.now() + 10 * 60_000) });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("That code is not right");

    const ok = await c.post("/profile/two-step/confirm", { code: totpCodeAt(secret, t.clock.now()) });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(new Set(recoveryCodesOn(html)).size).toBe(10);
    expect(html).toContain("Two-step sign-in is <strong>on</strong>");
    expect(recoveryCodesOn(await (await c.get("/profile/two-step")).text())).toEqual([]);
    expect(await (await c.get("/profile")).text()).toContain("Manage two-step sign-in");
    expect(auditActions("mfa.enabled").length).toBe(1);
  });

  test("turning it off takes the password and a code; new recovery codes replace the old ones", async () => {
    const secret = enrolAnn();
    const c = signedIn(t, annId);
    const fresh = await c.post("/profile/two-step/recovery", { code: totpCodeAt(secret, t.clock.now()) });
    expect(recoveryCodesOn(await fresh.text()).length).toBe(10);
    t.clock.advance(STEP);
    const badPassword = await c.post("/profile/two-step/off", { password: "nope-nope-1", code: totpCodeAt(secret, t.clock.now()) });
    expect(badPassword.status).toBe(422);
    const off = await c.post("/profile/two-step/off", { password: TEST_PASSWORD, code: totpCodeAt(secret, t.clock.now()) });
    expect(off.status).toBe(303);
    expect((await passwordStep(t.client())).headers.get("location")).toBe("/console");
  });
});

describe("sign-in with a code", () => {
  test("the right password alone gives no session; the code then does", async () => {
    const secret = enrolAnn();
    const c = t.client();
    const res = await passwordStep(c);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/login/code");
    expect(await canUseConsole(c)).toBe(false);
    expect((await c.get("/login/code")).status).toBe(200);
    const done = await c.post("/login/code", { code: totpCodeAt(secret, t.clock.now()) });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/console");
    expect(await canUseConsole(c)).toBe(true);
  });

  test("a wrong code and a code already used in its step are refused", async () => {
    const secret = enrolAnn();
    const first = t.client();
    await passwordStep(first);
    const code = totpCodeAt(secret, t.clock.now());
    expect((await first.post("/login/code", { code })).status).toBe(303);

    const second = t.client();
    await passwordStep(second);
    const replay = await second.post("/login/code", { code });
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain("used already");
    const wrong = await second.post("/login/code", { code: code === "123456" ? "654321" : "123456" });
    expect(wrong.status).toBe(401);
    expect(await canUseConsole(second)).toBe(false);
  });

  test("a recovery code signs in once", async () => {
    const secret = enrolAnn();
    const c = signedIn(t, annId);
    const codes = recoveryCodesOn(await (await c.post("/profile/two-step/recovery", { code: totpCodeAt(secret, t.clock.now()) })).text());
    const once = t.client();
    await passwordStep(once);
    expect((await once.post("/login/code", { code: (codes[0] as string).toUpperCase() })).status).toBe(303);
    expect(await canUseConsole(once)).toBe(true);
    const twice = t.client();
    await passwordStep(twice);
    expect((await twice.post("/login/code", { code: codes[0] as string })).status).toBe(401);
  });

  test("the pending step ends after 5 minutes and cannot be used from another browser", async () => {
    const secret = enrolAnn();
    const c = t.client();
    await passwordStep(c);
    const other = t.client();
    const stolen = await other.post("/login/code", { code: totpCodeAt(secret, t.clock.now()) });
    expect(stolen.headers.get("location")).toBe("/login");
    t.clock.advance(5 * 60_000 + 1);
    const late = await c.post("/login/code", { code: totpCodeAt(secret, t.clock.now()) });
    expect(late.headers.get("location")).toBe("/login");
    expect(await canUseConsole(c)).toBe(false);
  });

  test("wrong codes count toward the sign-in brake: after 5 the right code is refused too", async () => {
    const secret = enrolAnn();
    const c = t.client();
    await passwordStep(c);
    const right = totpCodeAt(secret, t.clock.now());
    const wrongs = ["000000", "111111", "222222", "333333", "444444", "555555"].filter((w) => w !== right).slice(0, 5);
    const statuses: number[] = [];
    for (const code of wrongs) statuses.push((await c.post("/login/code", { code })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const blocked = await c.post("/login/code", { code: right });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain("Too many wrong codes");
    expect(await canUseConsole(c)).toBe(false);
  });
});

describe("the admin policy and Reset MFA", () => {
  test("a role that requires it sends a user without it to enrol before any session", async () => {
    saveSettings(t.db, { mfaRoles: ["agent"] }, t.clock.now());
    const c = t.client();
    const res = await passwordStep(c);
    expect(res.headers.get("location")).toBe("/login/enrol");
    expect(await canUseConsole(c)).toBe(false);
    const secret = secretOn(await (await c.get("/login/enrol")).text());
    const done = await c.post("/login/enrol", { code: totpCodeAt(secret, t.clock.now()) });
    expect(done.status).toBe(200);
    expect(recoveryCodesOn(await done.text()).length).toBe(10);
    expect(await canUseConsole(c)).toBe(true);
    t.clock.advance(STEP);
    expect((await passwordStep(t.client())).headers.get("location")).toBe("/login/code");
  });

  test("a session opened before the policy can only reach the set-up until it is done", async () => {
    const c = signedIn(t, annId);
    expect(await canUseConsole(c)).toBe(true);
    saveSettings(t.db, { mfaRoles: ["agent"] }, t.clock.now());
    const sent = await c.get("/console");
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe("/profile/two-step");
    expect((await c.post("/profile", { fullName: "Changed" })).status).toBe(403);
    const secret = secretOn(await (await c.get("/profile/two-step")).text());
    expect((await c.post("/profile/two-step/confirm", { code: totpCodeAt(secret, t.clock.now()) })).status).toBe(200);
    expect(await canUseConsole(c)).toBe(true);
  });

  test("the Settings page stores the roles and the sign-in reads them", async () => {
    const { c: admin } = await adminClient(t);
    const form = await (await admin.get("/admin/settings")).text();
    expect(form).toContain("Require two-step sign-in for");
    const asShown = Object.entries(valuesOfSettings(getSettings(t.db))).filter(([, v]) => v !== "");
    const saved = await admin.post("/admin/settings", { ...Object.fromEntries(asShown), mfa_agent: "on" });
    expect(saved.status).toBe(303);
    expect((await passwordStep(t.client())).headers.get("location")).toBe("/login/enrol");
  });

  test("Reset MFA clears the user's TOTP, signs them out and is audited", async () => {
    enrolAnn();
    const ann = signedIn(t, annId);
    const { c: admin } = await adminClient(t);
    expect(await (await admin.get(`/admin/agents/${annId}`)).text()).toContain("Reset MFA");
    const res = await admin.post(`/admin/agents/${annId}/reset-mfa`);
    expect(res.status).toBe(303);
    expect(await (await admin.get(res.headers.get("location") as string)).text()).toContain("Two-step sign-in reset");
    expect(await canUseConsole(ann)).toBe(false);
    expect(auditActions("mfa.reset").map((r) => r.targetId)).toEqual([annId]);
    expect((await passwordStep(t.client())).headers.get("location")).toBe("/console");
  });
});
