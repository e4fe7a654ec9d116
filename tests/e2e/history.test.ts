import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext } from "playwright-core";
import { rmSync } from "node:fs";
import { createSession } from "../../src/auth/index.ts";
import { getSettings } from "../../src/settings/index.ts";
import { formatDateTime } from "../../src/shared/index.ts";
import { launchBrowser, startTestAppliance, submit, textOf } from "../support/browser.ts";
import { makeTestApp } from "../support/harness.ts";
import { CARLA, DAN, historyMorning } from "../support/history.ts";

setDefaultTimeout(20_000);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let app: Awaited<ReturnType<typeof startTestAppliance>>;
let m: ReturnType<typeof historyMorning>;
let dataDir: string;
let morning: string;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  // The morning's work goes through routing, chat and the reporting log in a data folder that the appliance
  // then serves (its calls were answered without browser phones: their media is not what this test reads).
  const t = makeTestApp();
  m = historyMorning(t);
  dataDir = t.dataDir;
  await t.appliance.stop();
  // The morning is months before the appliance's clock: files are kept for ever here, or the hourly purge takes them.
  app = await startTestAppliance({ dataDir, chatFilesKeepDays: 0 });
  morning = formatDateTime(Date.UTC(2026, 0, 5, 9), getSettings(app.deps.db).timeZone).slice(0, 10);
});
afterAll(async () => {
  await app.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
  await closeBrowser();
});

async function signedInAs(userId: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const token = createSession(app.deps.db, userId, app.clock.now(), 3600_000);
  await context.addCookies([{ name: "sb_session", value: token, url: app.url, httpOnly: true, secure: true, sameSite: "Lax" }]);
  return context;
}

test("a supervisor goes from Reports to the history, finds a customer by name and reads the call's timeline", async () => {
  const context = await signedInAs(m.sue);
  const page = await context.newPage();
  await page.goto(`${app.url}/reports/queues`);
  await submit(page, page.getByRole("link", { name: "Interaction history" }));
  await page.getByLabel("First day").fill(morning);
  await page.getByLabel("Last day").fill(morning);
  await page.getByLabel("Customer name, number or email").fill("carla");
  await submit(page, page.getByRole("button", { name: "Search" }));
  const rows = page.locator("#history-table tbody tr");
  expect(await rows.count()).toBe(2);
  await submit(page, rows.filter({ hasText: "Completed" }).getByRole("link"));
  expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe(`Interaction with ${CARLA.name}`);
  const timeline = await textOf(page.locator("ol.timeline"));
  expect(timeline).toContain("Queued in Sales");
  expect(timeline).toContain("Accepted by Ann after 0:00:08");
  expect(timeline).toContain("Wrapped up by Ann: Resolved");
  expect(await textOf(page.getByRole("region", { name: "Attached data" }))).toContain(CARLA.account);
  await context.close();
});

test("an admin reads a chat's transcript, then forgets the customer after confirming, and the search finds them no more", async () => {
  const context = await signedInAs(m.boss);
  const page = await context.newPage();
  await page.goto(`${app.url}/history?from=${morning}&to=${morning}`);
  await page.getByLabel("Customer name, number or email").fill(DAN.email);
  await submit(page, page.getByRole("button", { name: "Search" }));
  await submit(page, page.locator("#history-table tbody tr").first().getByRole("link"));
  const transcript = page.getByRole("region", { name: "Chat transcript" });
  expect(await textOf(transcript)).toContain(DAN.words);
  expect(await transcript.getByRole("link", { name: "bill.png" }).count()).toBe(1);
  await submit(page, page.getByRole("link", { name: "Forget this customer…" }));
  expect(await textOf(page.getByRole("heading", { level: 1 }))).toBe(`Forget ${DAN.name}?`);
  await submit(page, page.getByRole("button", { name: "Forget this customer" }));
  expect(await textOf(page.getByRole("status").filter({ hasText: "forgotten" }))).toContain("The customer was forgotten");
  expect(await textOf(page.getByRole("region", { name: "Chat transcript" }))).toContain("No messages are kept for this chat.");
  await page.goto(`${app.url}/history?from=${morning}&to=${morning}&customer=${encodeURIComponent(DAN.email)}`);
  expect(await textOf(page.getByText("No interaction matches this search."))).toBeTruthy();
  await context.close();
});
