import { beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { pathOf, shown, signIn, submit, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";

const PASSWORD = "Setup-Secret-42";
setDefaultTimeout(30_000);
const kit = browserKit();
let context: BrowserContext;

beforeEach(async () => {
  context = await kit.context();
});

async function fillSetup(page: Page, fullName: string, username: string) {
  await page.getByLabel("Full name").fill(fullName);
  await page.getByLabel("Username").fill(username);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
  await page.getByLabel("Repeat password").fill(PASSWORD);
  await submit(page, page.getByRole("button", { name: "Create administrator" }));
}

async function expectRefused(page: Page, username: string, password: string) {
  await signIn(page, kit.app.url, username, password);
  expect(await textOf(page.getByRole("alert"))).toBe("Wrong username or password.");
  expect(pathOf(page)).toBe("/login");
}

test("the printed setup link creates the admin once, who then signs in to the admin pages", async () => {
  expect(kit.app.setupLink).toStartWith(`${kit.app.url}/setup/`);
  const link = kit.app.setupLink as string;
  const page = await context.newPage();
  await page.goto(link);
  await shown(page.getByRole("heading", { name: "Create the administrator" }));
  await page.getByLabel("Email").fill("ada@example.test");
  await fillSetup(page, "Ada Admin", "ada");

  // The setup form signs the new admin in: straight to the admin pages, no second sign-in.
  expect(pathOf(page)).toBe("/admin/agents");
  await shown(page.getByRole("heading", { name: "Agents", level: 1 }));
  await shown(page.getByRole("link", { name: "Ada Admin" }));
  const nav = page.getByRole("navigation", { name: "Main" });
  await shown(nav.getByRole("link", { name: "Agents" }));
  await shown(nav.getByRole("link", { name: "Settings" }));
  await shown(nav.getByRole("button", { name: "Sign out", exact: true }));
  expect(await textOf(nav)).toContain("Ada Admin");

  const again = await context.newPage();
  const res = await again.goto(link);
  expect(res?.status()).toBe(404);
  await shown(again.getByRole("heading", { name: "This link cannot be used" }));
  expect(await textOf(again.getByRole("alert"))).toContain("already been used");
  expect(await again.getByRole("button", { name: "Create administrator" }).count()).toBe(0);
});

test("no default password opens the appliance, before or after setup", async () => {
  const page = await context.newPage();
  await expectRefused(page, "admin", "admin");
  await expectRefused(page, "admin", "password");

  await page.goto(kit.app.setupLink as string);
  await fillSetup(page, "Real Admin", "admin");
  expect(pathOf(page)).toBe("/admin/agents");
  await submit(page, page.getByRole("button", { name: "Sign out", exact: true }));
  await expectRefused(page, "admin", "admin");
  await expectRefused(page, "admin", "password");
  await page.goto(`${kit.app.url}/admin/agents`);
  expect(pathOf(page)).toBe("/login");
});
