/**
 * Two-step sign-in in a real browser: set up on the Profile page with the key shown there, sign out, and sign
 * in again with the password and then a code.
 */
import { beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { totpCodeAt } from "../../src/auth/index.ts";
import { insertUser, pathOf, shown, signIn, submit, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";

setDefaultTimeout(30_000);
const kit = browserKit();
const PASSWORD = "Right-Pass-77";

beforeEach(async () => {
  await insertUser(kit.app.deps.db, { username: "tess", fullName: "Tess Token", password: PASSWORD, now: kit.app.clock.now() });
});

test("enrol on the Profile page, sign out, sign in with the password and a code", async () => {
  const context = await kit.context();
  const page = await context.newPage();
  await signIn(page, kit.app.url, "tess", PASSWORD);
  expect(pathOf(page)).toBe("/console");

  await page.goto(`${kit.app.url}/profile`);
  await submit(page, page.getByRole("link", { name: "Set up two-step sign-in" }));
  await shown(page.getByRole("figure", { name: "QR code for your authenticator app" }).locator("svg"));
  const secret = (await textOf(page.getByTestId("totp-secret"))).replace(/ /g, "");
  await page.getByLabel("Code from your authenticator app").fill(totpCodeAt(secret, kit.app.clock.now()));
  await submit(page, page.getByRole("button", { name: "Turn on two-step sign-in" }));
  expect(await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").count()).toBe(10);

  await submit(page, page.getByRole("button", { name: "Sign out" }));
  kit.app.clock.advance(30_000);
  await signIn(page, kit.app.url, "tess", PASSWORD);
  expect(pathOf(page)).toBe("/login/code");
  await page.goto(`${kit.app.url}/console`);
  expect(pathOf(page)).toBe("/login");

  await signIn(page, kit.app.url, "tess", PASSWORD);
  await page.getByLabel("Code from your authenticator app, or a recovery code").fill(totpCodeAt(secret, kit.app.clock.now()));
  await submit(page, page.getByRole("button", { name: "Verify" }));
  expect(pathOf(page)).toBe("/console");
  await context.close();
});
