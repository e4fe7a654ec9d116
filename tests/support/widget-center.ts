import type { Page } from "playwright-core";
import type { Config } from "../../src/config.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { startTestAppliance } from "./browser.ts";
import { insertQueue, insertUser } from "./fixtures.ts";
import { startWebsite, type Website } from "./website.ts";

/**
 * "Acme Help": the appliance with one chat department, Sales, whose agent is Ann ("Annie" to customers), and the
 * website of a customer that may use the widget. Nobody is signed in yet.
 */
export async function startWidgetCenter(overrides: Partial<Config> = {}) {
  const app = await startTestAppliance(overrides);
  const ann = insertUser(app.deps.db, { username: "ann", fullName: "Ann Agent", alias: "Annie" });
  insertQueue(app.deps.db, { name: "Sales", members: [ann] });
  const site: Website = startWebsite({ applianceUrl: app.url, visitAs: "localhost" });
  saveSettings(app.deps.db, { widgetOrigins: [site.origin], centerName: "Acme Help" }, app.clock.now());
  return {
    app,
    site,
    ann,
    async stop() {
      await site.stop();
      await app.cleanup();
    },
  };
}

/** The open widget on a page of the website. */
export const widgetOf = (page: Page) => page.getByRole("dialog", { name: "Chat with Acme Help" });

/** Opens the widget on a new page and starts a chat with the pre-chat form. */
export async function startChat(page: Page, url: string, name: string, email: string): Promise<void> {
  await page.goto(url);
  await page.getByRole("button", { name: "Chat with us" }).click();
  await widgetOf(page).getByLabel("Your name").fill(name);
  await widgetOf(page).getByLabel("Your email").fill(email);
  await widgetOf(page).getByRole("button", { name: "Start chat" }).click();
}
