import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { saveSettings } from "../../src/settings/index.ts";
import { shown, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { type FakeSalesforce, salesforceSettings, startFakeSalesforce } from "../support/salesforce.ts";
import { startWebsite, type Website } from "../support/website.ts";
import { startChat, widgetOf } from "../support/widget-center.ts";

setDefaultTimeout(45_000);
const kit = browserKit();
let site: Website;
let sf: FakeSalesforce;
let ann: string;

beforeEach(async () => {
  ann = insertUser(kit.app.deps.db, { username: "ann", fullName: "Ann Realname", alias: "Annie" });
  insertQueue(kit.app.deps.db, { name: "Sales", members: [ann] });
  site = startWebsite({ applianceUrl: kit.app.url, visitAs: "localhost" });
  sf = startFakeSalesforce({
    contacts: [
      {
        Id: "003000000000042",
        FirstName: "Vera",
        LastName: "Visitor",
        Email: "vera@home.test",
        Account: { Name: "Visitor & Sons" },
        cases: [{ Id: "500000000000042", CaseNumber: "00001042", Subject: "Late delivery", Status: "Escalated" }],
        notes: [{ Id: "002000000000042", Title: "Call after 5pm", CreatedDate: "2026-02-01T10:00:00.000Z" }],
      },
    ],
  });
  saveSettings(
    kit.app.deps.db,
    { widgetOrigins: [site.origin], centerName: "Acme Help", salesforce: salesforceSettings(sf.url) },
    kit.app.clock.now(),
  );
});
afterEach(async () => {
  sf.stop();
  await site.stop();
});

test("a widget chat pops the customer's Salesforce contact in the agent's tab: Contact, Cases, Opportunities, Campaign history, Notes", async () => {
  const agent = await kit.consoleOf(ann);
  const customer = await kit.page();
  await startChat(customer, site.url, "Vera", "vera@home.test");
  const dialog = widgetOf(customer);

  const offer = agent.locator("#offers .offer");
  await shown(offer);
  await offer.getByRole("button", { name: "Accept" }).click();
  await shown(dialog.getByRole("status").filter({ hasText: "You are chatting with Annie." }));

  const section = agent.locator("#work details.salesforce");
  const tabs = section.getByRole("tablist", { name: "Salesforce records" });
  await shown(tabs);
  expect(await tabs.getByRole("tab").allInnerTexts()).toEqual(["Contact", "Cases", "Opportunities", "Campaign history", "Notes"]);
  const name = section.getByRole("link", { name: "Vera Visitor" });
  expect(await name.getAttribute("href")).toBe(`${sf.url}/003000000000042`);
  expect(await textOf(section.getByRole("tabpanel"))).toContain("Visitor & Sons");

  await tabs.getByRole("tab", { name: "Cases" }).click();
  const cases = section.getByRole("tabpanel");
  expect(await textOf(cases)).toContain("Escalated");
  expect(await cases.getByRole("link", { name: "00001042 Late delivery" }).getAttribute("href")).toBe(`${sf.url}/500000000000042`);
  // Arrow keys move between the record tabs.
  await tabs.getByRole("tab", { name: "Cases" }).press("ArrowRight");
  expect(await textOf(section.getByRole("tabpanel"))).toContain("No opportunities.");
  await tabs.getByRole("tab", { name: "Notes" }).click();
  expect(await textOf(section.getByRole("tabpanel"))).toContain("Call after 5pm");

  // The agent can fold the section away, and the chat tab itself stayed selected throughout.
  await section.locator("summary").click();
  expect(await tabs.isVisible()).toBe(false);
  expect(await agent.locator('#work [role="tab"][data-work-id]').first().getAttribute("aria-selected")).toBe("true");
  expect(sf.requests("query")[0]?.query).toContain("WHERE Email = 'vera@home.test'");
});
