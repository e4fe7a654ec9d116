import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext } from "playwright-core";
import { createSession } from "../../src/auth/index.ts";
import { launchBrowser, startTestAppliance, submit, textOf } from "../support/browser.ts";
import type { TestApp } from "../support/harness.ts";
import { CARLA, DAN, historyMorning } from "../support/history.ts";

setDefaultTimeout(20_000);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let app: Awaited<ReturnType<typeof startTestAppliance>>;
let m: ReturnType<typeof historyMorning>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  app = await startTestAppliance();
  // The morning's work goes through the running appliance's own routing, chat and reporting log; the calls'
  // media is not what this test reads, so Ann's call is offered without a browser phone.
  app.deps.routing.setReachable(() => true);
  m = historyMorning({ db: app.deps.db, deps: app.deps, clock: app.clock } as unknown as TestApp);
});
afterAll(async () => {
  await app.cleanup();
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
  await page.goto(`${app.url}/history`);
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
  await page.goto(`${app.url}/history?customer=${encodeURIComponent(DAN.email)}`);
  expect(await textOf(page.getByText("No interaction matches this search."))).toBeTruthy();
  await context.close();
});
