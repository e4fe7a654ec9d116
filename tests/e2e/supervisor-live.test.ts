import { afterAll, afterEach, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { listAudit } from "../../src/audit/index.ts";
import { createSession } from "../../src/auth/index.ts";
import { addTeamMember, createTeam } from "../../src/teams/index.ts";
import { insertQueue } from "../support/fixtures.ts";
import { insertUser, launchBrowser, shown, startTestAppliance } from "../support/browser.ts";

setDefaultTimeout(30_000);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let app: Awaited<ReturnType<typeof startTestAppliance>>;
let contexts: BrowserContext[];
let ids: { ann: string; sue: string; sales: string };

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(() => closeBrowser());
beforeEach(async () => {
  app = await startTestAppliance();
  const { db } = app.deps;
  const now = app.clock.now();
  const system = { id: null, name: "test" };
  const ann = await insertUser(db, { username: "ann", fullName: "Ann Agent", now });
  const sue = await insertUser(db, { username: "sue", fullName: "Sue Supervisor", role: "supervisor", now });
  const team = createTeam(db, { name: "Alpha", description: "" }, system, now);
  addTeamMember(db, team, ann, "member", system, now);
  addTeamMember(db, team, sue, "supervisor", system, now);
  ids = { ann, sue, sales: insertQueue(db, { name: "Sales", channel: "voice", members: [ann] }) };
  contexts = [];
});
afterEach(async () => {
  for (const c of contexts) await c.close();
  await app.cleanup();
});

/** A browser context already signed in as this user (sign-in itself is tested elsewhere), on their start page. */
async function pageFor(userId: string): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const token = createSession(app.deps.db, userId, app.clock.now(), 3600_000);
  await context.addCookies([{ name: "sb_session", value: token, url: app.url, httpOnly: true, secure: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto(app.url);
  return page;
}

/** Opens the live view and resolves once its event stream is open (the page refetches its board on connect). */
async function openLiveView(page: Page): Promise<void> {
  const connected = page.waitForResponse((r) => r.url().endsWith("/supervisor/board") && r.ok());
  await page.goto(`${app.url}/supervisor`);
  await connected;
}

test("the supervisor watches an agent and a department live and makes the agent Ready from the row", async () => {
  const agent = await pageFor(ids.ann);
  await shown(agent.locator('#state [data-state="ready"]'));
  const sup = await pageFor(ids.sue);
  await openLiveView(sup);
  const annRow = sup.locator(`tr[data-agent="${ids.ann}"]`);
  const salesRow = sup.locator(`tr[data-queue="${ids.sales}"]`);
  await shown(annRow.filter({ hasText: "Ready" }));
  await shown(salesRow.locator('[data-field="waiting"]', { hasText: "0" }));

  // The agent goes Not Ready in their console; the supervisor's row follows without a reload.
  await agent.getByLabel("Not Ready reason").selectOption("Lunch");
  await agent.getByRole("button", { name: "Not Ready", exact: true }).click();
  await shown(annRow.locator('[data-field="state"]', { hasText: "Not Ready (Lunch)" }));

  // Work enqueued by a channel shows in the department's waiting count.
  app.deps.routing.enqueue({ channel: "voice", queueId: ids.sales, customerName: "Carla Customer" });
  await shown(salesRow.locator('[data-field="waiting"]', { hasText: "1" }));
  expect(await salesRow.locator('[data-field="longest-wait"] .ticker').count()).toBe(1);

  // The supervisor makes the agent Ready: the agent's console shows it, and the waiting work rings them.
  await annRow.getByRole("button", { name: "Ready", exact: true }).click();
  await shown(agent.locator('#state [data-state="ready"]'));
  await shown(agent.getByRole("button", { name: "Answer" }));
  await shown(annRow.locator('[data-field="work"]', { hasText: "Carla Customer (ringing)" }));
  expect(app.deps.presence.get(ids.ann).state).toBe("ready");
  const audit = listAudit(app.deps.db, { search: "agent.state_forced" }).rows;
  expect(audit.map((r) => [r.actorName, JSON.parse(r.detail).to])).toEqual([["sue", "ready"]]);
  expect(await sup.locator("#flash").textContent()).toBe("");
});
