import { beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import { getSettings } from "../../src/settings/index.ts";
import { formatDateTime } from "../../src/shared/index.ts";
import { addTeamMember, createTeam } from "../../src/teams/index.ts";
import { insertQueue, insertUser as insertAgent } from "../support/fixtures.ts";
import { insertUser } from "../support/browser.ts";
import { browserKit, type TestAppliance } from "../support/e2e.ts";

setDefaultTimeout(20_000);
const kit = browserKit({ appliance: "file" });
let app: TestAppliance;
let sue: string;
let firstDay: string;

beforeAll(async () => {
  app = kit.app;
  const { db } = app.deps;
  const now = app.clock.now();
  const system = { id: null, name: "test" };
  const ann = insertAgent(db, { username: "ann", fullName: "Ann Agent" });
  sue = await insertUser(db, { username: "sue", fullName: "Sue Supervisor", role: "supervisor", now });
  const team = createTeam(db, { name: "Alpha", description: "" }, system, now);
  addTeamMember(db, team, ann, "member", system, now);
  addTeamMember(db, team, sue, "supervisor", system, now);
  const sales = insertQueue(db, { name: "Sales", channel: "chat", members: [ann], wrapUpS: 0 });
  // The appliance offers work only to agents whose console is connected; the log is fed the events it records.
  const { bus } = app.deps;
  firstDay = formatDateTime(app.clock.now(), getSettings(db).timeZone).slice(0, 10); // the center's day
  bus.publish("agent.state_changed", { userId: ann, from: "logged_out", to: "ready", reason: null, at: app.clock.now(), cause: "login" });
  for (let n = 0; n < 3; n++) {
    const interactionId = `i${n}`;
    const at = app.clock.now() + n * 120_000;
    bus.publish("interaction.queued", { interactionId, queueId: sales, channel: "chat", at });
    bus.publish("queue.left", {
      interactionId,
      queueId: sales,
      reason: "accepted",
      waitedMs: 4000 + n * 20_000,
      at: at + 4000 + n * 20_000,
      channel: "chat",
    });
    bus.publish("interaction.accepted", {
      interactionId,
      agentId: ann,
      offerId: `o${n}`,
      channel: "chat",
      waitedMs: 4000,
      at: at + 4000 + n * 20_000,
      transferFrom: null,
    });
    bus.publish("interaction.ended", { interactionId, agentId: ann, reason: "completed", wrapUp: false, at: at + 90_000, channel: "chat" });
  }
  app.clock.advance(3600_000);
});

test("a supervisor opens Reports from the menu and sees the volume, service-level and agent-state charts drawn", async () => {
  const page = await kit.pageAs(sue);
  await page.goto(`${app.url}/supervisor`);
  await page.getByRole("link", { name: "Reports" }).click();
  await page.getByLabel("First day").fill(firstDay);
  await page.getByRole("button", { name: "Show" }).click();
  expect(await page.locator("#report-table").textContent()).toContain("Sales");
  for (const id of ["chart-volumes", "chart-service-level"]) {
    await page.waitForSelector(`#${id}[data-drawn="true"]`);
    expect(await inkOn(page, id)).toBeGreaterThan(100);
  }
  await page.getByRole("link", { name: "Agent report" }).click();
  await page.getByLabel("First day").fill(firstDay);
  await page.getByRole("button", { name: "Show" }).click();
  await page.waitForSelector('#chart-agent-states[data-drawn="true"]');
  expect(await inkOn(page, "chart-agent-states")).toBeGreaterThan(100);
});

/** How many pixels of the canvas are painted: an empty canvas has none. */
function inkOn(page: import("playwright-core").Page, id: string): Promise<number> {
  return page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const data = (c.getContext("2d") as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 3; k < data.length; k += 4) if ((data[k] as number) > 0) n++;
    return n;
  }, id);
}
