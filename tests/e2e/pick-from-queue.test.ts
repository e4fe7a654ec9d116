import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { saveSettings } from "../../src/settings/index.ts";
import { shown } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { startWebsite, type Website } from "../support/website.ts";
import { startChat } from "../support/widget-center.ts";

setDefaultTimeout(40_000);
const kit = browserKit();
let site: Website;
let ids: { ann: string; bob: string };

beforeEach(() => {
  const { db } = kit.app.deps;
  const ann = insertUser(db, { username: "ann", fullName: "Ann Agent" });
  const bob = insertUser(db, { username: "bob", fullName: "Bob Agent" });
  insertQueue(db, { name: "Sales", channel: "chat", workMode: "pick", members: [ann, bob] });
  ids = { ann, bob };
  site = startWebsite({ applianceUrl: kit.app.url, visitAs: "localhost" });
  saveSettings(db, { widgetOrigins: [site.origin], centerName: "Acme Help" }, kit.app.clock.now());
});
afterEach(() => site.stop());

test("pick mode: both agents see the waiting chat; one presses Start session, it leaves the other's list and opens for the first", async () => {
  const ann = await kit.consoleOf(ids.ann);
  const bob = await kit.consoleOf(ids.bob);
  const visitor = await kit.page();
  await startChat(visitor, site.url, "Vera Visitor", "vera@home.test");

  const row = (agent: typeof ann) => agent.locator("#waiting tr", { hasText: "Vera Visitor" });
  await shown(row(ann));
  await shown(row(bob));
  // Nobody was rung: the chat waits for a pick.
  const { routing } = kit.app.deps;
  expect([...routing.ringingOffers(ids.ann), ...routing.ringingOffers(ids.bob)]).toEqual([]);
  expect(await ann.locator("#offers .offer").count()).toBe(0);
  expect(await row(bob).textContent()).toContain("Sales");

  await row(ann).getByRole("button", { name: "Start session" }).click();
  await shown(ann.locator("textarea[data-chat-body]:visible"));
  await row(bob).waitFor({ state: "detached" });
  await shown(bob.getByText("Nothing is waiting in your departments."));
  expect(await row(ann).count()).toBe(0);
});
