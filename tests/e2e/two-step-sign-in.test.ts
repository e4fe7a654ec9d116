/**
 * Two-step sign-in in a real browser: set up on the Profile page with the key shown there, sign out, and sign
 * in again with the password and then a code.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser } from "playwright-core";
import { totpCodeAt } from "../../src/auth/index.ts";
import { insertUser, launchBrowser, pathOf, shown, signIn, startTestAppliance, submit, textOf } from "../support/browser.ts";

setDefaultTimeout(30_000);
const PASSWORD = "Right-Pass-77";
let browser: Browser;
let closeBrowser: () => Promise<void>;
let app: Awaited<ReturnType<typeof startTestAppliance>>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(() => closeBrowser());
beforeEach(async () => {
  app = await startTestAppliance();
  await insertUser(app.deps.db, { username: "tess", fullName: "Tess Token", password: PASSWORD, now: app.clock.now() });
});
afterEach(() => app.cleanup());

test("enrol on the Profile page, sign out, sign in with the password and a code", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, app.url, "tess", PASSWORD);
  expect(pathOf(page)).toBe("/console");

  await page.goto(`${app.url}/profile`);
  await submit(page, page.getByRole("link", { name: "Set up two-step sign-in" }));
  await shown(page.getByRole("figure", { name: "QR code for your authenticator app" }).locator("svg"));
  const secret = (await textOf(page.getByTestId("totp-secret"))).replace(/ /g, "");
  await page.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, app.clock.now()));
  await submit(page, page.getByRole("button", { name: "Turn on two-step sign-in" }));
  expect(await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").count()).toBe(10);

  await submit(page, page.getByRole("button", { name: "Sign out" }));
  app.clock.advance(30_000);
  await signIn(page, app.url, "tess", PASSWORD);
  expect(pathOf(page)).toBe("/login/code");
  await page.goto(`${app.url}/console`);
  expect(pathOf(page)).toBe("/login");

  await signIn(page, app.url, "tess", PASSWORD);
  await page.getByLabel("Code from your authenticator app, or a recovery code").fill(totpCodeAt(secret, app.clock.now()));
  await submit(page, page.getByRole("button", { name: "Verify" }));
  expect(pathOf(page)).toBe("/console");
  await context.close();
});
