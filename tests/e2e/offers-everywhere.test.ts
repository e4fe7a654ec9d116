import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { pathOf, shown, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { startChat, startWidgetCenter, widgetOf } from "../support/widget-center.ts";

setDefaultTimeout(40_000);
const kit = browserKit({ appliance: "adopted" });
let center: Awaited<ReturnType<typeof startWidgetCenter>>;

beforeEach(async () => {
  center = await startWidgetCenter();
  kit.adopt(center.app);
});
afterEach(() => center.stop());

test("an agent on the profile page gets the offer popup, with focus, and accepting opens the chat in the console", async () => {
  const { site, ann } = center;
  const agent = await kit.pageAs(ann);
  // Opening the console makes the agent Ready; then they go to edit their profile.
  await agent.goto(`${kit.app.url}/console`);
  const connected = agent.waitForResponse((r) => r.url().endsWith("/events"));
  await agent.getByRole("link", { name: "Profile" }).click();
  await connected;
  expect(pathOf(agent)).toBe("/profile");

  const customer = await kit.page();
  await startChat(customer, site.url, "Vera Visitor", "vera@home.test");

  const offer = agent.getByRole("region", { name: "Incoming chat" });
  await shown(offer);
  expect(await textOf(offer)).toContain("Vera Visitor");
  await agent.waitForFunction(() => document.activeElement?.classList.contains("offer") ?? false);
  await offer.getByRole("button", { name: "Accept" }).click();
  await agent.waitForURL(`${kit.app.url}/console`);
  await shown(agent.getByRole("tab", { name: /Vera Visitor/, selected: true }));
  await shown(agent.locator("textarea[data-chat-body]:visible"));
  await shown(widgetOf(customer).getByText("joined the chat"));
});
