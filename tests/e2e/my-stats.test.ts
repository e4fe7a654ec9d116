import { afterAll, beforeAll, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser } from "playwright-core";
import { createSession } from "../../src/auth/index.ts";
import { launchBrowser, startTestAppliance } from "../support/browser.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";

setDefaultTimeout(30_000);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let app: Awaited<ReturnType<typeof startTestAppliance>>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
  app = await startTestAppliance();
});
afterAll(async () => {
  await app.cleanup();
  await closeBrowser();
});

test("an agent's My statistics counts a chat they handle as soon as it ends, without a reload", async () => {
  const { db, routing } = app.deps;
  const ann = insertUser(db, { username: "ann", fullName: "Ann Agent" });
  const sales = insertQueue(db, { name: "Sales", wrapUpS: 0, members: [ann] });
  const context = await browser.newContext();
  const token = createSession(db, ann, app.clock.now(), 3600_000);
  await context.addCookies([{ name: "sb_session", value: token, url: app.url, httpOnly: true, secure: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  const connected = page.waitForResponse((r) => r.url().endsWith("/events"));
  await page.goto(`${app.url}/console`);
  await connected;
  const handled = page.locator("#my-stats-table tr").filter({ hasText: "Handled" }).locator("td").first();
  await handled.waitFor();
  expect(await handled.textContent()).toBe("0");
  app.deps.presence.apply(ann, { type: "login", notReady: false });
  const chat = routing.enqueue({ channel: "chat", queueId: sales, customerName: "Vera" });
  routing.accept((routing.ringingOffers(ann)[0] as { id: string }).id, ann);
  app.clock.advance(30_000);
  routing.end(chat.id, ann);
  await page.waitForFunction(() => document.querySelector("#my-stats-table tbody tr td")?.textContent === "1", null, { timeout: 10_000 });
  await context.close();
});
