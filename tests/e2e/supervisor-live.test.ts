import { beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { listAudit } from "../../src/audit/index.ts";
import { addTeamMember, createTeam } from "../../src/teams/index.ts";
import { insertQueue } from "../support/fixtures.ts";
import { insertUser, shown } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";

setDefaultTimeout(30_000);
const kit = browserKit();
let ids: { ann: string; sue: string; sales: string };

beforeEach(async () => {
  const { db } = kit.app.deps;
  const now = kit.app.clock.now();
  const system = { id: null, name: "test" };
  const ann = await insertUser(db, { username: "ann", fullName: "Ann Agent", now });
  const sue = await insertUser(db, { username: "sue", fullName: "Sue Supervisor", role: "supervisor", now });
  const team = createTeam(db, { name: "Alpha", description: "" }, system, now);
  addTeamMember(db, team, ann, "member", system, now);
  addTeamMember(db, team, sue, "supervisor", system, now);
  ids = { ann, sue, sales: insertQueue(db, { name: "Sales", channel: "voice", members: [ann] }) };
});

/** A browser context already signed in as this user (sign-in itself is tested elsewhere), on their start page. */
async function pageFor(userId: string): Promise<Page> {
  const page = await kit.pageAs(userId);
  await page.goto(kit.app.url);
  return page;
}

const openLiveView = kit.openLiveView;

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
  kit.app.deps.routing.enqueue({ channel: "voice", queueId: ids.sales, customerName: "Carla Customer" });
  await shown(salesRow.locator('[data-field="waiting"]', { hasText: "1" }));
  expect(await salesRow.locator('[data-field="longest-wait"] .ticker').count()).toBe(1);

  // The supervisor makes the agent Ready: the agent's console shows it, and the waiting work rings them.
  await annRow.getByRole("button", { name: "Ready", exact: true }).click();
  await shown(agent.locator('#state [data-state="ready"]'));
  await shown(agent.getByRole("button", { name: "Answer" }));
  await shown(annRow.locator('[data-field="work"]', { hasText: "Carla Customer (ringing)" }));
  expect(kit.app.deps.presence.get(ids.ann).state).toBe("ready");
  const audit = listAudit(kit.app.deps.db, { search: "agent.state_forced" }).rows;
  expect(audit.map((r) => [r.actorName, JSON.parse(r.detail).to])).toEqual([["sue", "ready"]]);
  expect(await sup.locator("#flash").textContent()).toBe("");
});
