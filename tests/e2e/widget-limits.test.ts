/** FEATURES Q6 as a visitor sees it: the widget says why a file or a transcript was refused. */
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { BrowserContext } from "playwright-core";
import { chatAttachments } from "../../src/chat/conversation-schema.ts";
import { mailOutbox } from "../../src/integrations/mail/schema.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { shown } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { startWebsite, type Website } from "../support/website.ts";
import { startChat, widgetOf } from "../support/widget-center.ts";

setDefaultTimeout(45_000);
// A small quota per chat, and no mail server.
const kit = browserKit({ config: { chatFilesPerChatMb: 1 } });
let site: Website;
let context: BrowserContext;

beforeEach(async () => {
  const ann = insertUser(kit.app.deps.db, { username: "ann", fullName: "Ann Realname", alias: "Annie" });
  insertQueue(kit.app.deps.db, { name: "Sales", members: [ann] });
  kit.app.deps.presence.apply(ann, { type: "login", notReady: true });
  site = startWebsite({ applianceUrl: kit.app.url, visitAs: "localhost" });
  saveSettings(kit.app.deps.db, { widgetOrigins: [site.origin], centerName: "Acme Help" }, kit.app.clock.now());
  context = await kit.context();
});
afterEach(() => site.stop());

const widget = widgetOf;
const textFile = (name: string, kb: number) => ({ name, mimeType: "text/plain", buffer: Buffer.alloc(kb * 1024, "x") });

test("a file past the chat's quota shows why it was not sent, and a transcript without a mail server says mail is unavailable", async () => {
  const page = await context.newPage();
  await startChat(page, site.url, "Vera", "vera@home.test");
  await shown(widget(page).getByText(/You are number 1 in line/));

  const attach = widget(page).getByLabel("Attach a file");
  await attach.setInputFiles(textFile("first.txt", 600));
  await shown(widget(page).getByRole("button", { name: "Download first.txt" }));
  await attach.setInputFiles(textFile("second.txt", 600));
  await shown(widget(page).getByText("This chat has reached its limit of 1 MB of files. Send a link or describe it in a message."));
  expect(kit.app.deps.db.select().from(chatAttachments).all()).toHaveLength(1);

  await widget(page).getByRole("button", { name: "End chat" }).click();
  await shown(widget(page).getByText("It goes to vera@home.test, the address you gave."));
  await widget(page).getByRole("button", { name: "Email me the transcript" }).click();
  await shown(widget(page).getByRole("status").filter({ hasText: "Email is not available right now, so the transcript cannot be sent." }));
  expect(kit.app.deps.db.select().from(mailOutbox).all()).toEqual([]);
});
