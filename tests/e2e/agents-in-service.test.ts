import { beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { listAudit } from "../../src/audit/index.ts";
import { createConversation } from "../../src/chat/index.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { addTeamMember, createTeam } from "../../src/teams/index.ts";
import { shown, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { startWebsite, type Website } from "../support/website.ts";
import { startChat, widgetOf } from "../support/widget-center.ts";

/** Faults that took agents out of service (issue 9), each seen by the people it hurt: agents, supervisor, visitor. */
setDefaultTimeout(45_000);
const kit = browserKit();
let ids: { ann: string; bob: string; sue: string; sales: string };

beforeEach(async () => {
  const { db } = kit.app.deps;
  const now = kit.app.clock.now();
  const system = { id: null, name: "test" };
  const ann = insertUser(db, { username: "ann", fullName: "Ann Agent", alias: "Annie" });
  const bob = insertUser(db, { username: "bob", fullName: "Bob Agent", alias: "Bobby" });
  const sue = insertUser(db, { username: "sue", fullName: "Sue Supervisor", role: "supervisor" });
  const team = createTeam(db, { name: "Alpha", description: "" }, system, now);
  for (const id of [ann, bob]) addTeamMember(db, team, id, "member", system, now);
  addTeamMember(db, team, sue, "supervisor", system, now);
  const sales = insertQueue(db, { name: "Sales", wrapUpMandatory: true, ringTimeoutS: 20, reofferAfterS: 30, members: [ann, bob] });
  ids = { ann, bob, sue, sales };
});

/** A page signed in as this user (sign-in is tested elsewhere), with the browser's clock under the test's control. */
async function pageAs(userId: string): Promise<Page> {
  const page = await kit.pageAs(userId);
  await page.clock.install();
  return page;
}

async function consoleOf(userId: string): Promise<Page> {
  const page = await pageAs(userId);
  await kit.openConsole(page);
  return page;
}

async function liveView(): Promise<Page> {
  const page = await pageAs(ids.sue);
  await kit.openLiveView(page);
  return page;
}

const seconds = (text: string) => text.split(":").reduce((total, part) => total * 60 + Number(part), 0);
const acceptOffer = async (page: Page, customer: string) =>
  page.locator("#offers .offer", { hasText: customer }).getByRole("button", { name: "Accept" }).click();

test("a transfer leaves each agent their own wrap-up form, kept across a reload; a supervisor can end a wrap-up", async () => {
  const ann = await consoleOf(ids.ann);
  kit.app.clock.advance(1000); // Ann has been idle longest: the chat rings for her
  const bob = await consoleOf(ids.bob);
  const sup = await liveView();
  createConversation(
    kit.app.deps,
    { name: "Carla Customer", email: "carla@home.test", queueId: ids.sales, context: {} },
    kit.app.clock.now(),
  );
  await acceptOffer(ann, "Carla Customer");
  await shown(ann.getByRole("tab", { name: /Carla Customer/ }));

  await ann.locator(".chat-controls:visible").getByRole("button", { name: "Transfer" }).click();
  await ann.getByLabel("Transfer to").selectOption({ value: `agent:${ids.bob}` });
  await ann.locator(".transfer-form").getByRole("button", { name: "Transfer" }).click();
  await acceptOffer(bob, "Carla Customer");

  // Ann is in wrap-up for her part, with its form in front of her, also after a reload.
  await shown(ann.locator('#state [data-state="wrap_up"]'));
  await shown(ann.getByRole("tabpanel").getByText("Transferred to Bob Agent."));
  await ann.reload();
  const annPanel = ann.getByRole("tabpanel");
  await shown(annPanel.getByRole("button", { name: "Save wrap-up" }));
  await annPanel.getByLabel("Disposition").selectOption("Follow-up needed");
  await annPanel.getByRole("button", { name: "Save wrap-up" }).click();
  await shown(ann.locator('#state [data-state="ready"]'));

  // Bob, the receiver, gets the department's mandatory form when he ends the chat.
  await bob.getByRole("button", { name: "End session" }).click();
  await shown(bob.locator('#state [data-state="wrap_up"]'));
  await shown(bob.getByRole("tabpanel").getByRole("button", { name: "Save wrap-up" }));

  // The supervisor sees Bob in wrap-up and ends it: Bob's console follows, and the audit log says who did it.
  const bobRow = sup.locator(`tr[data-agent="${ids.bob}"]`);
  await shown(bobRow.locator('[data-field="state"]', { hasText: "Wrap-up" }));
  await bobRow.getByRole("button", { name: "End wrap-up" }).click();
  await shown(bob.locator('#state [data-state="ready"]'));
  await shown(bob.getByText("No open interactions."));
  await shown(bobRow.locator('[data-field="state"]', { hasText: "Ready" }));
  expect(listAudit(kit.app.deps.db, { search: "agent.wrap_up_ended" }).rows.map((r) => r.actorName)).toEqual(["sue"]);
});

test("the agent's console and the supervisor's live view show the same time in state, also after other rows change", async () => {
  // Only the test moves time, on the appliance and in both browsers alike (each browser's clock stops once loaded).
  const freeze = async (page: Page) => page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  const ann = await consoleOf(ids.ann);
  await freeze(ann);
  const sup = await liveView();
  await freeze(sup);
  const annOnLiveView = sup.locator(`tr[data-agent="${ids.ann}"] [data-field="since"]`);
  await shown(annOnLiveView);

  // 24 seconds pass for everyone; then another agent's row changes on the live view.
  kit.app.clock.advance(24_000);
  await Promise.all([ann.clock.runFor(24_000), sup.clock.runFor(24_000)]);
  kit.app.deps.presence.apply(ids.bob, { type: "login", notReady: false });
  await shown(sup.locator(`tr[data-agent="${ids.bob}"] [data-field="state"]`, { hasText: "Ready" }));
  await Promise.all([ann.clock.runFor(13_000), sup.clock.runFor(13_000)]);

  const own = seconds((await textOf(ann.locator("#state .agent-state .ticker"))).trim());
  const supervised = seconds(await textOf(annOnLiveView));
  expect(own).toBeGreaterThanOrEqual(37);
  expect(Math.abs(own - supervised)).toBeLessThanOrEqual(1);
});

test("a chat Ann declined comes back to her after the pause; while nobody can answer, the visitor is told so", async () => {
  let site: Website | null = null;
  try {
    site = startWebsite({ applianceUrl: kit.app.url, visitAs: "localhost" });
    saveSettings(kit.app.deps.db, { widgetOrigins: [site.origin], centerName: "Acme Help" }, kit.app.clock.now());
    const ann = await consoleOf(ids.ann);
    const visitor = await kit.page();
    await startChat(visitor, site.url, "Vera Visitor", "vera@home.test");
    const widget = widgetOf(visitor);
    const status = widget.getByRole("status");

    await ann.locator("#offers .offer", { hasText: "Vera Visitor" }).getByRole("button", { name: "Reject" }).click();
    await ann.locator("#offers .offer").waitFor({ state: "detached" });
    kit.app.clock.advance(30_000);
    await shown(ann.locator("#offers .offer", { hasText: "Vera Visitor" }));

    // Ann goes Not Ready (the offer is withdrawn): nobody can answer, and the visitor reads that, not a wait.
    await ann.getByLabel("Not Ready reason").selectOption("Lunch");
    await ann.getByRole("button", { name: "Not Ready", exact: true }).click();
    await shown(status.filter({ hasText: "All our agents are busy right now" }));
    expect(await textOf(status)).not.toContain("less than a minute");
  } finally {
    await site?.stop();
  }
});
