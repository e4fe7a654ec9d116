import { beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { saveSettings } from "../../src/settings/index.ts";
import { shown, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { widgetOf } from "../support/widget-center.ts";

setDefaultTimeout(40_000);
const kit = browserKit();

beforeEach(async () => {
  insertQueue(kit.app.deps.db, { name: "Sales" });
  saveSettings(kit.app.deps.db, { centerName: "Acme Help" }, kit.app.clock.now());
});

test("Settings gives the admin the exact embed snippet to copy and a page that loads the widget as a customer would", async () => {
  const admin = insertUser(kit.app.deps.db, { username: "boss", role: "admin" });
  const context = await kit.signedIn(admin);
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: kit.app.url });
    const page = await context.newPage();
    await page.goto(`${kit.app.url}/admin/settings`);
    const snippet = `<script src="${kit.app.url}/widget.js" async></script>`;
    expect(await textOf(page.locator("#embed-snippet"))).toBe(snippet);
    await page.getByRole("button", { name: "Copy the snippet" }).click();
    await shown(page.getByText("Copied."));
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);

    const [trial] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Test the widget" }).click()]);
    await trial.waitForLoadState();
    await trial.getByRole("button", { name: "Chat with us" }).click();
    const widget = widgetOf(trial);
    // The widget reached the box's API: with nobody Ready it offers the message form.
    await shown(widget.getByText("Nobody can chat right now."));
    await shown(widget.getByRole("button", { name: "Send message" }));
  } finally {
    await context.close();
  }
});
