import { afterAll, afterEach, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser, pathOf, shown, signedInContext, textOf } from "../support/browser.ts";
import { startChat, startWidgetCenter, widgetOf } from "../support/widget-center.ts";

setDefaultTimeout(40_000);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let center: Awaited<ReturnType<typeof startWidgetCenter>>;
let contexts: BrowserContext[];

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(() => closeBrowser());
beforeEach(async () => {
  center = await startWidgetCenter();
  contexts = [];
});
afterEach(async () => {
  for (const c of contexts) await c.close();
  await center.stop();
});

async function newPage(context: Promise<BrowserContext>) {
  const c = await context;
  contexts.push(c);
  return c.newPage();
}

test("an agent on the profile page gets the offer popup, with focus, and accepting opens the chat in the console", async () => {
  const { app, site, ann } = center;
  const agent = await newPage(signedInContext(browser, app, ann));
  // Opening the console makes the agent Ready; then they go to edit their profile.
  await agent.goto(`${app.url}/console`);
  const connected = agent.waitForResponse((r) => r.url().endsWith("/events"));
  await agent.getByRole("link", { name: "Profile" }).click();
  await connected;
  expect(pathOf(agent)).toBe("/profile");

  const customer = await newPage(browser.newContext());
  await startChat(customer, site.url, "Vera Visitor", "vera@home.test");

  const offer = agent.getByRole("region", { name: "Incoming chat" });
  await shown(offer);
  expect(await textOf(offer)).toContain("Vera Visitor");
  await agent.waitForFunction(() => document.activeElement?.classList.contains("offer") ?? false);
  await offer.getByRole("button", { name: "Accept" }).click();
  await agent.waitForURL(`${app.url}/console`);
  await shown(agent.getByRole("tab", { name: /Vera Visitor/, selected: true }));
  await shown(agent.locator("textarea[data-chat-body]:visible"));
  await shown(widgetOf(customer).getByText("joined the chat"));
});
