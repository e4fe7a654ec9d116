import { afterAll, afterEach, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser } from "playwright-core";
import { saveSettings } from "../../src/settings/index.ts";
import { launchBrowser, shown, signedInContext, startTestAppliance, textOf } from "../support/browser.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";

setDefaultTimeout(40_000);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let app: Awaited<ReturnType<typeof startTestAppliance>>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(() => closeBrowser());
beforeEach(async () => {
  app = await startTestAppliance();
  insertQueue(app.deps.db, { name: "Sales" });
  saveSettings(app.deps.db, { centerName: "Acme Help" }, app.clock.now());
});
afterEach(() => app.cleanup());

test("Settings gives the admin the exact embed snippet to copy and a page that loads the widget as a customer would", async () => {
  const admin = insertUser(app.deps.db, { username: "boss", role: "admin" });
  const context = await signedInContext(browser, app, admin);
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    const page = await context.newPage();
    await page.goto(`${app.url}/admin/settings`);
    const snippet = `<script src="${app.url}/widget.js" async></script>`;
    expect(await textOf(page.locator("#embed-snippet"))).toBe(snippet);
    await page.getByRole("button", { name: "Copy the snippet" }).click();
    await shown(page.getByText("Copied."));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

    const [trial] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Test the widget" }).click()]);
    await trial.waitForLoadState();
    await trial.getByRole("button", { name: "Chat with us" }).click();
    const widget = trial.getByRole("dialog", { name: "Chat with Acme Help" });
    // The widget reached the box's API: with nobody Ready it offers the message form.
    await shown(widget.getByText("Nobody can chat right now."));
    await shown(widget.getByRole("button", { name: "Send message" }));
  } finally {
    await context.close();
  }
});
