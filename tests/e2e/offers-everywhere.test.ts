import { afterAll, afterEach, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { saveSettings } from "../../src/settings/index.ts";
import { launchBrowser, pathOf, shown, signedInContext, startTestAppliance, textOf } from "../support/browser.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { startWebsite, type Website } from "../support/website.ts";

setDefaultTimeout(40_000);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let app: Awaited<ReturnType<typeof startTestAppliance>>;
let site: Website;
let contexts: BrowserContext[];
let ann: string;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(() => closeBrowser());
beforeEach(async () => {
  app = await startTestAppliance();
  const { db } = app.deps;
  ann = insertUser(db, { username: "ann", fullName: "Ann Agent" });
  insertQueue(db, { name: "Sales", members: [ann] });
  site = startWebsite({ applianceUrl: app.url, visitAs: "localhost" });
  saveSettings(db, { widgetOrigins: [site.origin], centerName: "Acme Help" }, app.clock.now());
  contexts = [];
});
afterEach(async () => {
  for (const c of contexts) await c.close();
  await site.stop();
  await app.cleanup();
});

async function pageOf(context: Promise<BrowserContext>): Promise<Page> {
  const c = await context;
  contexts.push(c);
  return c.newPage();
}

const widget = (page: Page) => page.getByRole("dialog", { name: "Chat with Acme Help" });

test("an agent on the profile page gets the offer popup, with focus, and accepting opens the chat in the console", async () => {
  const agent = await pageOf(signedInContext(browser, app, ann));
  // Opening the console makes the agent Ready; then they go to edit their profile.
  await agent.goto(`${app.url}/console`);
  const connected = agent.waitForResponse((r) => r.url().endsWith("/events"));
  await agent.getByRole("link", { name: "Profile" }).click();
  await connected;
  expect(pathOf(agent)).toBe("/profile");

  const customer = await pageOf(browser.newContext());
  await customer.goto(site.url);
  await customer.getByRole("button", { name: "Chat with us" }).click();
  await widget(customer).getByLabel("Your name").fill("Vera Visitor");
  await widget(customer).getByLabel("Your email").fill("vera@home.test");
  await widget(customer).getByRole("button", { name: "Start chat" }).click();

  const offer = agent.getByRole("region", { name: "Incoming chat" });
  await shown(offer);
  expect(await textOf(offer)).toContain("Vera Visitor");
  await agent.waitForFunction(() => document.activeElement?.classList.contains("offer") ?? false);
  await offer.getByRole("button", { name: "Accept" }).click();
  await agent.waitForURL(`${app.url}/console`);
  await shown(agent.getByRole("tab", { name: /Vera Visitor/, selected: true }));
  await shown(agent.locator("textarea[data-chat-body]:visible"));
  await shown(widget(customer).getByText("joined the chat"));
});
