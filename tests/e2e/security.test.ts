import { afterAll, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { insertUser, pathOf, shown, signIn, submit, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";

setDefaultTimeout(30_000);
const kit = browserKit({ appliance: "file" });
const PASSWORD = "Sturdy-Pass-31";
let context: BrowserContext;
let annId: string;
let bossId: string;

/** Another origin on the same host (same site, other port): pages here try to act on the appliance. */
const attackerPages = new Map<string, { html: string; headers?: Record<string, string> }>();
const attacker = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const found = attackerPages.get(new URL(req.url).pathname);
    if (!found) return new Response("no", { status: 404 });
    return new Response(found.html, { headers: { "content-type": "text/html", ...found.headers } });
  },
});

beforeAll(async () => {
  annId = await insertUser(kit.app.deps.db, { username: "ann", fullName: "Ann Agent", password: PASSWORD });
  bossId = await insertUser(kit.app.deps.db, { username: "boss", fullName: "Big Boss", role: "admin" });
});
afterAll(() => attacker.stop(true));
beforeEach(async () => {
  context = await kit.context();
});

/** The test's context, signed in as this user without the sign-in form (not under test there). */
async function pageOf(userId: string): Promise<Page> {
  await context.close();
  context = await kit.signedIn(userId);
  return context.newPage();
}

/** Serves an auto-submitting form to `action` and opens it; resolves on the appliance's answer. */
async function forgedPost(page: Page, action: string, fields: Record<string, string>, extra: { head?: string; setCookie?: string } = {}) {
  const path = `/${crypto.randomUUID()}`;
  const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`);
  const html = `<!doctype html><html><head>${extra.head ?? ""}</head><body><form method="post" action="${kit.app.url}${action}">${inputs.join("")}</form><script>document.forms[0].submit()</script></body></html>`;
  attackerPages.set(path, { html, headers: extra.setCookie ? { "set-cookie": extra.setCookie } : undefined });
  const answer = page.waitForResponse((r) => r.url() === `${kit.app.url}${action}` && r.request().method() === "POST");
  await page.goto(`http://127.0.0.1:${attacker.port}${path}`);
  return answer;
}

test("the session cookie is HttpOnly, Secure and SameSite=Lax in the browser", async () => {
  const page = await context.newPage();
  await signIn(page, kit.app.url, "ann", PASSWORD);
  const cookies = await context.cookies(kit.app.url);
  const session = cookies.find((c) => c.name === "sb_session");
  expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
  expect(cookies.find((c) => c.name === "sb_csrf")).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax" });
  expect(await page.evaluate(() => document.cookie)).toBe("");
});

test("a form posted from another origin neither signs the user out nor changes admin data", async () => {
  const page = await pageOf(bossId);
  const tossed = "t".repeat(43);
  const attempts = [
    () => forgedPost(page, "/logout", { _csrf: "x".repeat(43) }),
    () => forgedPost(page, "/logout", {}, { head: '<meta name="referrer" content="no-referrer">' }),
    () => forgedPost(page, "/admin/teams", { name: "Forged team", _csrf: tossed }, { setCookie: `sb_csrf=${tossed}; Path=/; Secure` }),
  ];
  for (const attempt of attempts) {
    const res = await attempt();
    expect(res.status()).toBe(403);
    await shown(page.getByRole("heading", { name: "Not allowed" }));
  }

  await page.goto(`${kit.app.url}/admin/teams`);
  expect(pathOf(page)).toBe("/admin/teams");
  await shown(page.getByRole("button", { name: "Sign out", exact: true }));
  expect(await textOf(page.locator("main"))).not.toContain("Forged team");
});

test("after signing out, neither the back button nor the console address shows the console", async () => {
  const page = await context.newPage();
  await signIn(page, kit.app.url, "ann", PASSWORD);
  expect(pathOf(page)).toBe("/console");
  await shown(page.getByRole("heading", { name: "Ann Agent" }));
  await submit(page, page.getByRole("button", { name: "Sign out", exact: true }));
  expect(pathOf(page)).toBe("/login");

  await page.goBack();
  expect(pathOf(page)).toBe("/login");
  await shown(page.getByRole("heading", { name: "Sign in" }));
  expect(await page.getByRole("heading", { name: "Ann Agent" }).count()).toBe(0);
  await page.goto(`${kit.app.url}/console`);
  expect(pathOf(page)).toBe("/login");
  await shown(page.getByRole("button", { name: "Sign in" }));
});

test("an agent who opens an admin page gets the not-allowed page", async () => {
  const page = await pageOf(annId);
  for (const path of ["/admin/agents", "/admin/teams", "/admin/settings"]) {
    const res = await page.goto(`${kit.app.url}${path}`);
    expect(res?.status()).toBe(403);
    await shown(page.getByRole("heading", { name: "Not allowed" }));
    expect(await textOf(page.getByRole("alert"))).toBe("You do not have access to this page.");
  }
});
