import { beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { API_OPERATIONS } from "../../src/api/routes.tsx";
import { insertUser, shown, submit, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";

setDefaultTimeout(30_000);
const kit = browserKit({ appliance: "file" });
let bossId: string;

beforeAll(async () => {
  bossId = await insertUser(kit.app.deps.db, { username: "boss", fullName: "Big Boss", role: "admin" });
});

test("an admin creates a token, sees it once, and uses it from the API reference page, which lists every operation", async () => {
  const context = await kit.signedIn(bossId);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));

  await page.goto(`${kit.app.url}/admin/api-tokens`);
  await page.getByLabel("Name (the integration)").fill("Wallboard");
  await page.getByRole("checkbox", { name: "users:read" }).check();
  await page.getByLabel("Expires").selectOption("30");
  await submit(page, page.getByRole("button", { name: "Create token" }));
  const secret = await page.getByLabel("Token", { exact: true }).inputValue();
  expect(secret).toStartWith("sbk_");
  await page.goto(`${kit.app.url}/admin/api-tokens`);
  expect(await page.getByLabel("Token", { exact: true }).count()).toBe(0);
  expect(await textOf(page.locator("#api-tokens"))).toContain("Wallboard");

  // The reference page is served by the appliance itself and needs no network beyond it.
  await page.goto(`${kit.app.url}/api/v1/reference`);
  await page.locator("#api-status", { hasText: "operations" }).waitFor({ timeout: 5_000 });
  expect(await textOf(page.locator("#api-status"))).toContain(`${Object.keys(API_OPERATIONS).length} operations`);
  for (const op of Object.values(API_OPERATIONS)) await shown(page.locator(`details#${op.operationId}`));
  await shown(page.getByRole("heading", { name: "Departments" }));

  const listUsers = page.locator("details#listUsers");
  await listUsers.locator(":scope > summary").click();
  await page.getByLabel("Token for trying calls").fill(secret);
  await listUsers.getByLabel("role (query)").fill("admin");
  await listUsers.getByRole("button", { name: "Send GET" }).click();
  await page.waitForFunction(() => document.querySelector("details#listUsers pre[role=status]")?.textContent?.startsWith("200"));
  expect(await listUsers.locator("pre[role=status]").textContent()).toContain('"username": "boss"');
  expect(errors).toEqual([]);
});
