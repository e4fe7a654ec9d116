import { afterAll, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { saveSettings } from "../../src/settings/index.ts";
import { insertUser, pathOf, shown, signIn, submit, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { linkIn, startSmtpServer } from "../support/smtp.ts";

setDefaultTimeout(30_000);
const kit = browserKit();
const EMAIL = "rita@example.test";
const OLD = "Old-Password-1";
const NEW = "Brand-New-Pass-2";
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let context: BrowserContext;

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(() => smtp.close());
beforeEach(async () => {
  const smtpSettings = { host: "127.0.0.1", port: smtp.port, secure: false, user: "", pass: "", from: "switchboard@example.test" };
  saveSettings(kit.app.deps.db, { smtp: smtpSettings, centerName: "Rivet Help" }, kit.app.clock.now());
  await insertUser(kit.app.deps.db, { username: "rita", fullName: "Rita Reset", email: EMAIL, password: OLD, now: kit.app.clock.now() });
  smtp.received.length = 0;
  context = await kit.context();
});

/** Uses "Forgot your password?" from the sign-in page and returns the link mailed to the user. */
async function askForLink(page: Page): Promise<string> {
  smtp.received.length = 0;
  await page.goto(`${kit.app.url}/login`);
  await submit(page, page.getByRole("link", { name: "Forgot your password?" }));
  await page.getByLabel("Email").fill(EMAIL);
  await submit(page, page.getByRole("button", { name: "Send me a link" }));
  expect(await textOf(page.getByRole("status").filter({ hasText: "link" }))).toContain("on its way");
  const mail = await smtp.waitFor(EMAIL, /Rivet Help: set a new password/);
  expect(mail.text).not.toContain(OLD);
  return linkIn(mail.text, "/password/");
}

test("a mailed reset link sets a new password once; the old one stops working", async () => {
  const page = await context.newPage();
  const link = await askForLink(page);
  expect(link).toStartWith(`${kit.app.url}/password/`);

  await page.goto(link);
  await shown(page.getByRole("heading", { name: "Set your password" }));
  expect(await textOf(page.locator("main"))).toContain("rita");
  await page.getByRole("textbox", { name: "New password" }).fill(NEW);
  await page.getByRole("textbox", { name: "Repeat password" }).fill(NEW);
  await submit(page, page.getByRole("button", { name: "Save password" }));
  expect(pathOf(page)).toBe("/login");
  expect(await textOf(page.getByRole("status").filter({ hasText: "password" }))).toContain("Your password is set");

  await signIn(page, kit.app.url, "rita", NEW);
  expect(pathOf(page)).toBe("/console");
  await shown(page.getByRole("heading", { name: "Rita Reset" }));

  const other = await kit.page();
  await signIn(other, kit.app.url, "rita", OLD);
  expect(await textOf(other.getByRole("alert"))).toBe("Wrong username or password.");
  await other.goto(link);
  await shown(other.getByRole("heading", { name: "This link cannot be used" }));
  expect(await textOf(other.getByRole("alert"))).toContain("already been used");
  expect(await other.getByRole("button", { name: "Save password" }).count()).toBe(0);
  await other.context().close();
});

test("a reset link opened after more than an hour has expired and changes nothing", async () => {
  const page = await context.newPage();
  const link = await askForLink(page);
  kit.app.clock.advance(61 * 60_000);
  const res = await page.goto(link);
  expect(res?.status()).toBe(404);
  await shown(page.getByRole("heading", { name: "This link cannot be used" }));
  expect(await textOf(page.getByRole("alert"))).toContain("has expired");
  await shown(page.getByRole("link", { name: "Ask for a new link" }));

  await signIn(page, kit.app.url, "rita", OLD);
  expect(pathOf(page)).toBe("/console");
});

test("a second link replaces the first, which then no longer works", async () => {
  const page = await context.newPage();
  const first = await askForLink(page);
  const second = await askForLink(page);
  expect(second).not.toBe(first);
  await page.goto(first);
  await shown(page.getByRole("heading", { name: "This link cannot be used" }));
  await page.goto(second);
  await shown(page.getByRole("heading", { name: "Set your password" }));
});
