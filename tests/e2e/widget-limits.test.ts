/** FEATURES Q6 as a visitor sees it: the widget says why a file or a transcript was refused. */
import { afterAll, afterEach, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { chatAttachments } from "../../src/chat/index.ts";
import { mailOutbox } from "../../src/integrations/mail/schema.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { launchBrowser, shown, startTestAppliance } from "../support/browser.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { startWebsite, type Website } from "../support/website.ts";

setDefaultTimeout(45_000);
let browser: Browser;
let closeBrowser: () => Promise<void>;
let app: Awaited<ReturnType<typeof startTestAppliance>>;
let site: Website;
let context: BrowserContext;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchBrowser());
});
afterAll(() => closeBrowser());
beforeEach(async () => {
  // A small quota per chat, and no mail server.
  app = await startTestAppliance({ chatFilesPerChatMb: 1 });
  const ann = insertUser(app.deps.db, { username: "ann", fullName: "Ann Realname", alias: "Annie" });
  insertQueue(app.deps.db, { name: "Sales", members: [ann] });
  app.deps.presence.apply(ann, { type: "login", notReady: true });
  site = startWebsite({ applianceUrl: app.url, visitAs: "localhost" });
  saveSettings(app.deps.db, { widgetOrigins: [site.origin], centerName: "Acme Help" }, app.clock.now());
  context = await browser.newContext();
});
afterEach(async () => {
  await context.close();
  await site.stop();
  await app.cleanup();
});

const widget = (page: Page) => page.getByRole("dialog", { name: "Chat with Acme Help" });
const textFile = (name: string, kb: number) => ({ name, mimeType: "text/plain", buffer: Buffer.alloc(kb * 1024, "x") });

test("a file past the chat's quota shows why it was not sent, and a transcript without a mail server says mail is unavailable", async () => {
  const page = await context.newPage();
  await page.goto(site.url);
  await page.getByRole("button", { name: "Chat with us" }).click();
  await widget(page).getByLabel("Your name").fill("Vera");
  await widget(page).getByLabel("Your email").fill("vera@home.test");
  await widget(page).getByRole("button", { name: "Start chat" }).click();
  await shown(widget(page).getByText(/You are number 1 in line/));

  const attach = widget(page).getByLabel("Attach a file");
  await attach.setInputFiles(textFile("first.txt", 600));
  await shown(widget(page).getByRole("button", { name: "Download first.txt" }));
  await attach.setInputFiles(textFile("second.txt", 600));
  await shown(widget(page).getByText("This chat has reached its limit of 1 MB of files. Send a link or describe it in a message."));
  expect(app.deps.db.select().from(chatAttachments).all()).toHaveLength(1);

  await widget(page).getByRole("button", { name: "End chat" }).click();
  await shown(widget(page).getByText("It goes to vera@home.test, the address you gave."));
  await widget(page).getByRole("button", { name: "Email me the transcript" }).click();
  await shown(widget(page).getByRole("status").filter({ hasText: "Email is not available right now, so the transcript cannot be sent." }));
  expect(app.deps.db.select().from(mailOutbox).all()).toEqual([]);
});
