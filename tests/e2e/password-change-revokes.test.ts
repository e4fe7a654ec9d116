/**
 * FEATURES Q5: a password changed one way ends every other way in. Open set-password links stop working and
 * the user's other sessions are signed out; the session that made the change stays signed in.
 */
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { findUserByUsername } from "../../src/auth/index.ts";
import { insertUser, startTestAppliance } from "../support/browser.ts";
import { WebSession } from "../web-session.ts";

setDefaultTimeout(30_000);
const OLD = "Old-Password-1";
const NEW = "Brand-New-Pass-2";
let app: Awaited<ReturnType<typeof startTestAppliance>>;
let ritaId: string;
let admin: WebSession;

beforeEach(async () => {
  app = await startTestAppliance();
  ritaId = await insertUser(app.deps.db, { username: "rita", fullName: "Rita Reset", password: OLD, now: app.clock.now() });
  await insertUser(app.deps.db, { username: "boss", fullName: "Big Boss", role: "admin", password: OLD, now: app.clock.now() });
  admin = new WebSession(app.url);
  await admin.signIn("boss", OLD);
});
afterEach(() => app.cleanup());

/** The admin asks for a reset link for Rita (she has no email, so the link is shown to the admin). */
async function resetLinkForRita(): Promise<string> {
  const res = await admin.post(`/admin/agents/${ritaId}/reset-link`);
  const link = (await res.text()).match(/\/password\/[A-Za-z0-9_-]{20,}/)?.[0];
  if (!link) throw new Error(`no reset link in the answer (${res.status})`);
  expect((await new WebSession(app.url).get(link)).status).toBe(200);
  return link;
}

async function linkState(link: string): Promise<{ status: number; text: string }> {
  const res = await new WebSession(app.url).get(link);
  return { status: res.status, text: await res.text() };
}

test("changing one's own password kills an open reset link and signs out the other sessions, not this one", async () => {
  const link = await resetLinkForRita();
  const here = new WebSession(app.url);
  const elsewhere = new WebSession(app.url);
  await here.signIn("rita", OLD);
  await elsewhere.signIn("rita", OLD);

  const res = await here.post("/profile/password", { current: OLD, password: NEW, confirm: NEW });
  expect(res.status).toBe(303);

  const after = await linkState(link);
  expect(after.status).toBe(404);
  expect(after.text).toContain("This link cannot be used");
  expect(after.text).not.toContain("Save password");
  expect((await here.get("/console")).status).toBe(200);
  const other = await elsewhere.get("/console");
  expect(other.status).toBe(302);
  expect(other.headers.get("location")).toStartWith("/login");
});

test("an admin setting the password kills the user's open reset link", async () => {
  const link = await resetLinkForRita();
  const res = await admin.post(`/admin/agents/${ritaId}/password`, { password: NEW, confirm: NEW });
  expect(res.status).toBe(303);
  expect((await linkState(link)).status).toBe(404);

  const rita = new WebSession(app.url);
  await rita.signIn("rita", NEW);
  expect((await rita.get("/console")).status).toBe(200);
});

test("a password set through the reset link kills the still open welcome link", async () => {
  const made = await admin.post("/admin/agents", { fullName: "Walt Welcome", username: "walt", role: "agent", typology: "browser" });
  const welcomeLink = (await made.text()).match(/\/password\/[A-Za-z0-9_-]{20,}/)?.[0];
  if (!welcomeLink) throw new Error(`no welcome link in the answer (${made.status})`);
  const waltId = findUserByUsername(app.deps.db, "walt")?.id;
  const reset = (await (await admin.post(`/admin/agents/${waltId}/reset-link`)).text()).match(/\/password\/[A-Za-z0-9_-]{20,}/)?.[0];
  if (!reset) throw new Error("no reset link");
  expect((await linkState(welcomeLink)).status).toBe(200);

  const walt = new WebSession(app.url);
  expect((await walt.get(reset)).status).toBe(200);
  expect((await walt.post(reset, { password: NEW, confirm: NEW })).status).toBe(303);
  expect((await linkState(welcomeLink)).status).toBe(404);
});
