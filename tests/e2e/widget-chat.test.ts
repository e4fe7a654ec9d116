import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { postAgentMessage } from "../../src/chat/index.ts";
import { chatMessages, conversations } from "../../src/chat/conversation-schema.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { makePng, shown, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { startSmtpServer } from "../support/smtp.ts";
import { startWebsite, type Website } from "../support/website.ts";
import { widgetOf } from "../support/widget-center.ts";

setDefaultTimeout(45_000);
const kit = browserKit({ recordDialogs: true });
const XSS = "<img src=x onerror=\"document.title='pwned'\">";
const XSS_FILE = "<img src=x onerror=alert(1)>.png";
let site: Website;
let ann: string;

beforeEach(async () => {
  ann = insertUser(kit.app.deps.db, { username: "ann", fullName: "Ann Realname", alias: "Annie" });
  insertQueue(kit.app.deps.db, { name: "Sales", members: [ann] });
  // The host page's JS API sets context: one key fills a configured field, the other fills none.
  const context = { account_number: "AC-991", utm_campaign: "spring-sale" };
  site = startWebsite({ applianceUrl: kit.app.url, visitAs: "localhost", context });
  const fields = { attachedFields: ["Customer account number", "Account number"] };
  saveSettings(kit.app.deps.db, { widgetOrigins: [site.origin], centerName: "Acme Help", ...fields }, kit.app.clock.now());
});
afterEach(() => site.stop());

/** A visitor on a phone-sized screen opens the widget on the shop's page and fills the pre-chat form. */
async function visitorStartsChat(name: string): Promise<Page> {
  const page = await kit.page({ viewport: { width: 390, height: 760 }, isMobile: true, hasTouch: true });
  await page.goto(site.url);
  await page.getByRole("button", { name: "Chat with us" }).click();
  const dialog = widgetOf(page);
  await dialog.getByLabel("Your name").fill(name);
  await dialog.getByLabel("Your email").fill("vera@home.test");
  expect(await dialog.getByLabel("Department").locator("option").allInnerTexts()).toEqual(["Sales"]);
  await dialog.getByRole("button", { name: "Start chat" }).click();
  return page;
}

const widget = widgetOf;
const messagesOf = (page: Page) => widget(page).getByRole("log", { name: "Messages" });
const interactionOf = () => kit.app.deps.db.select().from(conversations).get()?.interactionId as string;

test("a visitor chats with an agent: queue position, alias only, text and image both ways, inert markup, rating and transcript", async () => {
  const smtp = await startSmtpServer();
  saveSettings(
    kit.app.deps.db,
    { smtp: { host: "127.0.0.1", port: smtp.port, secure: false, user: "", pass: "", from: "help@acme.test" } },
    kit.app.clock.now(),
  );
  const agent = await kit.consoleOf(ann);
  const customer = await visitorStartsChat(XSS);
  await shown(widget(customer).getByRole("status").filter({ hasText: "Waiting for an agent. You are number 1 in line." }));
  const box = await widget(customer).boundingBox();
  expect(box?.width).toBe(390); // full screen on a phone

  // The agent gets the request with the context fields, the name shown as text.
  const offer = agent.locator("#offers .offer");
  await shown(offer);
  expect(await textOf(offer)).toContain(XSS);
  expect(await textOf(offer)).toContain("AC-991");
  await offer.getByRole("button", { name: "Accept" }).click();
  await shown(widget(customer).getByRole("status").filter({ hasText: "You are chatting with Annie." }));
  await shown(messagesOf(customer).getByText("Annie joined the chat."));

  // Agent → visitor (through the chat domain until the console's chat panel sends it).
  postAgentMessage(kit.app.deps, interactionOf(), ann, { body: `Hello! ${XSS}` });
  const fromAgent = messagesOf(customer).locator(".msg-agent").last();
  await shown(fromAgent.getByText(`Hello! ${XSS}`));
  expect(await textOf(fromAgent.locator(".who"))).toBe("Annie");

  // Visitor → agent: text with markup, then an image; each goes from Sending to Delivered.
  const input = widget(customer).getByRole("textbox", { name: "Type your message" });
  await input.fill(`My order ${XSS}`);
  await input.press("Enter");
  const mine = messagesOf(customer).locator(".msg-visitor").filter({ hasText: "My order" });
  await shown(mine.getByText("Delivered"));
  expect(await textOf(mine.locator(".text"))).toBe(`My order ${XSS}`);
  await widget(customer)
    .getByLabel("Attach a file")
    .setInputFiles({ name: XSS_FILE, mimeType: "image/png", buffer: makePng(40, 30) });
  const image = messagesOf(customer).getByRole("img", { name: `Image: ${XSS_FILE}` });
  await shown(image);
  expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(40);
  const stored = kit.app.deps.db.select().from(chatMessages).all();
  expect(stored.filter((m) => m.senderKind === "visitor").map((m) => m.body)).toEqual([`My order ${XSS}`, ""]);
  await shown(messagesOf(customer).getByRole("button", { name: `Download ${XSS_FILE}` }));

  // Nothing anyone typed ran as markup, and the real name never reached the visitor.
  expect(await customer.title()).toBe("Acme Shoes");
  expect(await agent.title()).not.toBe("pwned");
  expect(kit.dialogs).toEqual([]);
  expect(await widget(customer).textContent()).not.toContain("Realname");

  // End, rate, and have the transcript mailed.
  await widget(customer).getByRole("button", { name: "End chat" }).click();
  await shown(widget(customer).getByRole("status").filter({ hasText: "The chat has ended." }));
  await widget(customer).getByLabel("5 (excellent)").check();
  await widget(customer).getByRole("button", { name: "Send rating" }).click();
  await shown(widget(customer).getByText("Thank you for your rating."));
  expect(kit.app.deps.db.select().from(conversations).get()?.rating).toBe(5);
  await shown(widget(customer).getByText("It goes to vera@home.test, the address you gave."));
  await widget(customer).getByRole("button", { name: "Email me the transcript" }).click();
  await shown(widget(customer).getByText("The transcript is on its way to vera@home.test."));
  const mail = await smtp.waitFor("vera@home.test", /Your chat with Acme Help/);
  expect(mail.text).toContain(`Annie: Hello! ${XSS}`);
  expect(mail.text).toContain(`${XSS}: My order ${XSS}`);
  expect(mail.text).toContain(`[file: ${XSS_FILE}]`);
  await smtp.close();
});

test("the incoming-work popup and the chat's tab show the host page's context by the configured field names, and nothing else", async () => {
  const agent = await kit.consoleOf(ann);
  await visitorStartsChat("Vera Visitor");
  const offer = agent.locator("#offers .offer");
  await shown(offer);
  const popup = offer.locator("dl.attached");
  expect(await popup.locator("dt").allInnerTexts()).toEqual(["Account number"]);
  expect(await popup.locator("dd").allInnerTexts()).toEqual(["AC-991"]);
  expect(await textOf(offer)).not.toContain("spring-sale");
  await offer.getByRole("button", { name: "Accept" }).click();
  const tab = agent.locator("#work dl.attached");
  await shown(tab);
  expect(await tab.locator("dt").allInnerTexts()).toEqual(["Account number"]);
  expect(await tab.locator("dd").allInnerTexts()).toEqual(["AC-991"]);
  expect(await textOf(agent.locator("#work"))).not.toContain("spring-sale");
});

test("a reloaded page resumes the conversation with every message once, and keeps chatting", async () => {
  kit.app.deps.presence.apply(ann, { type: "login", notReady: true });
  const customer = await visitorStartsChat("Vera");
  await shown(widget(customer).getByText(/You are number 1 in line/));
  const input = widget(customer).getByRole("textbox", { name: "Type your message" });
  for (const text of ["one", "two"]) {
    await input.fill(text);
    await input.press("Enter");
    await shown(messagesOf(customer).locator(".msg-visitor", { hasText: text }).getByText("Delivered"));
  }
  await customer.reload();
  await shown(messagesOf(customer).locator(".msg-visitor", { hasText: "two" }));
  expect(await messagesOf(customer).locator(".msg .text").allInnerTexts()).toEqual(["one", "two"]);
  await shown(widget(customer).getByText(/You are number 1 in line/));

  kit.app.deps.presence.apply(ann, { type: "choose_ready" });
  const offer = kit.app.deps.routing.ringingOffers(ann)[0];
  kit.app.deps.routing.accept(offer?.id as string, ann);
  await shown(widget(customer).getByText("You are chatting with Annie."));
  await input.fill("three");
  await input.press("Enter");
  await shown(messagesOf(customer).locator(".msg-visitor", { hasText: "three" }).getByText("Delivered"));
  expect(await messagesOf(customer).locator(".msg .text").allInnerTexts()).toEqual(["one", "two", "Annie joined the chat.", "three"]);
});

test("with nobody signed in the widget offers the offline form, which becomes a stored message", async () => {
  const page = await kit.page();
  await page.goto(site.url);
  await page.getByRole("button", { name: "Chat with us" }).click();
  await shown(widget(page).getByText("Nobody can chat right now. Leave a message"));
  await widget(page).getByLabel("Your name").fill("Olga");
  await widget(page).getByRole("button", { name: "Send message" }).click();
  await shown(widget(page).getByText("Email is required"));
  await widget(page).getByLabel("Your email").fill("olga@home.test");
  await widget(page).getByLabel("Your message").fill("Please call me back.");
  await widget(page).getByRole("button", { name: "Send message" }).click();
  await shown(widget(page).getByText("Thank you! Your message has been sent."));
  expect(kit.app.deps.db.select().from(conversations).get()).toMatchObject({ status: "offline", visitorName: "Olga" });
});

test("a page of a website that is not allowed gets no chat", async () => {
  const other = startWebsite({ applianceUrl: kit.app.url, hostname: "127.0.0.2" });
  try {
    const page = await kit.page();
    // The browser hides the refusal's body from the page; the widget says why in the developer console.
    const warning = page.waitForEvent("console", (m) => m.text().startsWith("Switchboard chat:"));
    await page.goto(other.url);
    await warning;
    expect(await page.getByRole("button", { name: "Chat with us" }).count()).toBe(0);
    const direct = await fetch(`${kit.app.url}/widget/api/departments`, { headers: { origin: other.origin } });
    expect(direct.status).toBe(403);
    const attempt = await page.evaluate(async (url) => {
      try {
        const res = await fetch(`${url}/widget/api/conversations`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name: "Eve", email: "eve@evil.test", department: "x" }),
        });
        return `status ${res.status}`;
      } catch (err) {
        return `blocked: ${(err as Error).message}`;
      }
    }, kit.app.url);
    expect(attempt).toStartWith("blocked");
    expect(kit.app.deps.db.select().from(conversations).all()).toHaveLength(0);
  } finally {
    await other.stop();
  }
});
