/**
 * Single sign-on in a real browser: the login page's "Sign in with …" button, the provider's own login form
 * (a real `oidc-provider` on loopback), and back to the console signed in; sign-out ends the session.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser } from "playwright-core";
import { saveSettings, SETTING_DEFAULTS } from "../../src/settings/index.ts";
import { OIDC_CLIENT, startOidcProvider } from "../support/oidc.ts";
import { insertUser, launchBrowser, pathOf, shown, startTestAppliance, submit } from "../support/browser.ts";

setDefaultTimeout(30_000);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let app: Awaited<ReturnType<typeof startTestAppliance>>;
let idp: Awaited<ReturnType<typeof startOidcProvider>>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(() => closeBrowser());
beforeEach(async () => {
  app = await startTestAppliance();
  idp = await startOidcProvider(`${app.url}/login/sso/callback`, { "ann.idp": { email: "ann@example.test", email_verified: true } });
  await insertUser(app.deps.db, { username: "ann", fullName: "Ann Agent", email: "ann@example.test", now: app.clock.now() });
  const sso = {
    ...SETTING_DEFAULTS.sso,
    issuer: idp.issuer,
    clientId: OIDC_CLIENT.id,
    clientSecret: OIDC_CLIENT.secret,
    label: "Example ID",
  };
  saveSettings(app.deps.db, { sso }, app.clock.now());
});
afterEach(async () => {
  await idp.stop();
  await app.cleanup();
});

test("Sign in with Example ID goes through the provider's login form to the console", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${app.url}/login`);
  await submit(page, page.getByRole("link", { name: "Sign in with Example ID" }));
  expect(page.url().startsWith(idp.issuer)).toBe(true);

  await page.getByPlaceholder("Enter any login").fill("ann.idp");
  await page.getByPlaceholder("and password").fill("whatever the provider checks");
  await submit(page, page.getByRole("button", { name: "Sign-in" }));
  expect(pathOf(page)).toBe("/console");
  await shown(page.getByRole("button", { name: "Sign out", exact: true }));

  await submit(page, page.getByRole("button", { name: "Sign out", exact: true }));
  await page.goto(`${app.url}/console`);
  expect(pathOf(page)).toBe("/login");
  await context.close();
});
