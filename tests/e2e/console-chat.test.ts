import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Locator, Page } from "playwright-core";
import { chatMessages, conversations } from "../../src/chat/conversation-schema.ts";
import { createPredefined } from "../../src/predefined/index.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { makePng, shown, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { startWebsite, type Website } from "../support/website.ts";
import { startChat, widgetOf } from "../support/widget-center.ts";

setDefaultTimeout(40_000);
const XSS = "<img src=x onerror=\"document.title='pwned'\">";
const XSS_FILE = "<img src=x onerror=alert(1)>.png";
const kit = browserKit({ recordDialogs: true });
let site: Website;
let ids: { ann: string; bob: string };

beforeEach(async () => {
  const { db } = kit.app.deps;
  const ann = insertUser(db, { username: "ann", fullName: "Ann Realname", alias: "Annie" });
  const bob = insertUser(db, { username: "bob", fullName: "Bob Agent", alias: "Bobby" });
  insertQueue(db, { name: "Sales", members: [ann, bob] });
  ids = { ann, bob };
  createPredefined(
    db,
    null,
    { shortcut: "wait", title: "Please wait", body: "One moment, I am checking that for you." },
    { id: null, name: "test" },
    Date.now(),
  );
  site = startWebsite({ applianceUrl: kit.app.url, visitAs: "localhost" });
  saveSettings(db, { widgetOrigins: [site.origin], centerName: "Acme Help" }, kit.app.clock.now());
});
afterEach(() => site.stop());

async function visitorStartsChat(name: string): Promise<Page> {
  const page = await kit.page();
  await startChat(page, site.url, name, "vera@home.test");
  return page;
}

const widget = widgetOf;
const widgetLog = (page: Page) => widget(page).getByRole("log", { name: "Messages" });
const chatLog = (agent: Page) => agent.locator(".chat-log:visible");
const composer = (agent: Page) => agent.locator("textarea[data-chat-body]:visible");
const seqs = (log: Locator) => log.locator("li[data-seq]").evaluateAll((lis) => lis.map((li) => Number((li as HTMLElement).dataset.seq)));

async function acceptOffer(agent: Page): Promise<void> {
  const offer = agent.locator("#offers .offer");
  await shown(offer);
  await offer.getByRole("button", { name: "Accept" }).click();
  await shown(composer(agent));
}

async function visitorSays(customer: Page, text: string): Promise<void> {
  const input = widget(customer).getByRole("textbox", { name: "Type your message" });
  await input.fill(text);
  await input.press("Enter");
  await shown(widgetLog(customer).locator(".msg-visitor", { hasText: text }).getByText("Delivered"));
}

test("an agent chats in the console: Send and Enter, Shift+Enter, /shortcut, images both ways, typing, inert markup", async () => {
  const agent = await kit.consoleOf(ids.ann);
  const customer = await visitorStartsChat(`Vera ${XSS}`);
  await acceptOffer(agent);
  await shown(chatLog(agent).getByText("Annie joined the chat."));

  // The visitor typing shows for the agent, then the message arrives with the name as text.
  await widget(customer).getByRole("textbox", { name: "Type your message" }).pressSequentially("My order");
  await shown(agent.locator(".chat-typing:visible").getByText(`Vera ${XSS} is typing…`));
  await visitorSays(customer, `My order ${XSS} is late`);
  await shown(chatLog(agent).locator(".chat-visitor", { hasText: `My order ${XSS} is late` }));
  expect(await textOf(chatLog(agent).locator(".chat-visitor .who"))).toBe(`Vera ${XSS}`);

  // Typed in the real console: the Send button (Sending… until the server has it, then Sent), Enter, Shift+Enter.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const sends = /\/console\/chat\/[^/]+\/messages$/;
  await agent.route(sends, async (route) => {
    if (route.request().method() === "POST") await held;
    await route.continue();
  });
  await composer(agent).fill("Sorry to hear that!");
  await agent.getByRole("button", { name: "Send", exact: true }).click();
  const mine = chatLog(agent).locator(".chat-agent.mine", { hasText: "Sorry to hear that!" });
  await shown(mine.getByText("Sending…"));
  release();
  await shown(mine.getByText("Sent"));
  expect(await mine.count()).toBe(1);
  await agent.unroute(sends);
  await composer(agent).click();
  await agent.keyboard.type("Which order?");
  await agent.keyboard.press("Shift+Enter");
  await agent.keyboard.type("The number, please.");
  await agent.keyboard.press("Enter");
  await shown(widgetLog(customer).locator(".msg-agent", { hasText: "The number, please." }));
  expect(await textOf(widgetLog(customer).locator(".msg-agent .text").last())).toBe("Which order?\nThe number, please.");
  // The visitor's push can arrive before the agent's own 2xx, which is what clears the composer.
  await composer(agent).evaluate(
    (box) =>
      new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 5_000;
        const check = () =>
          (box as HTMLTextAreaElement).value === ""
            ? resolve()
            : Date.now() > deadline
              ? reject(new Error("composer not cleared"))
              : setTimeout(check, 20);
        check();
      }),
  );

  // /shortcut then Tab expands; an unknown one stays as typed.
  await agent.keyboard.type("/nope ");
  expect(await composer(agent).inputValue()).toBe("/nope ");
  await composer(agent).fill("");
  await agent.keyboard.type("/wait");
  await agent.keyboard.press("Tab");
  expect(await composer(agent).inputValue()).toBe("One moment, I am checking that for you.");
  await agent.keyboard.press("Enter");
  await shown(widgetLog(customer).getByText("One moment, I am checking that for you."));
  expect(await textOf(widgetLog(customer).locator(".msg-agent .who").last())).toBe("Annie");

  // The picker inserts the chosen message where the cursor is.
  await composer(agent).fill("Thanks! ");
  await agent.getByLabel("Predefined message").selectOption({ label: "Please wait (/wait)" });
  expect(await composer(agent).inputValue()).toBe("Thanks! ");
  await agent.getByRole("button", { name: "Insert" }).click();
  expect(await composer(agent).inputValue()).toBe("Thanks! One moment, I am checking that for you.");
  await composer(agent).fill("");

  // Images both ways.
  await agent.getByLabel("Attach a file").setInputFiles({ name: "route.png", mimeType: "image/png", buffer: makePng(30, 20) });
  const toVisitor = widgetLog(customer).getByRole("img", { name: "Image: route.png" });
  await shown(toVisitor);
  expect(await toVisitor.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(30);
  await widget(customer)
    .getByLabel("Attach a file")
    .setInputFiles({ name: XSS_FILE, mimeType: "image/png", buffer: makePng(24, 12) });
  const toAgent = chatLog(agent).getByRole("img", { name: `Image: ${XSS_FILE}` });
  await shown(toAgent);
  await agent.waitForFunction(
    () => (document.querySelector(".chat-visitor img.chat-thumb") as HTMLImageElement | null)?.naturalWidth === 24,
  );
  expect(await textOf(chatLog(agent).locator(".chat-visitor .chat-file"))).toContain(XSS_FILE);

  // Every message once, in order; the real name never reached the visitor; no markup ran anywhere.
  const stored = kit.app.deps.db.select().from(chatMessages).all().length;
  expect(await seqs(chatLog(agent))).toEqual(Array.from({ length: stored }, (_, n) => n + 1));
  expect(await widget(customer).textContent()).not.toContain("Realname");
  expect(await agent.title()).not.toBe("pwned");
  expect(await customer.title()).toBe("Acme Shoes");
  expect(kit.dialogs).toEqual([]);

  // End session: the visitor is told; the tab waits for its wrap-up with the chat shown as ended.
  await agent.getByRole("button", { name: "End session" }).click();
  await shown(widget(customer).getByRole("status").filter({ hasText: "The chat has ended." }));
  await shown(agent.locator(".chat-controls:visible").getByText("The chat has ended."));
  expect(await composer(agent).count()).toBe(0);
  await shown(chatLog(agent).getByText("Annie ended the chat."));
});

test("transfer: declined stays with the first agent with the reason; accepted moves the whole history to the second", async () => {
  const ann = await kit.consoleOf(ids.ann);
  const customer = await visitorStartsChat("Walt Transfer");
  await acceptOffer(ann);
  await visitorSays(customer, "I need the billing team");
  await composer(ann).fill("Let me find a colleague.");
  await composer(ann).press("Enter");
  await shown(chatLog(ann).getByText("Let me find a colleague."));
  const bob = await kit.consoleOf(ids.bob);

  const transferToBob = async () => {
    await ann.locator(".chat-controls:visible").getByRole("button", { name: "Transfer" }).click();
    const choice = ann.getByLabel("Transfer to");
    expect(await choice.locator(`option[value="agent:${ids.bob}"]`).textContent()).toMatch(/^Bob Agent \((Ready|Not Ready)\)$/);
    await choice.selectOption({ value: `agent:${ids.bob}` });
    await ann.locator(".chat-transfer-form").getByRole("button", { name: "Transfer" }).click();
  };
  await transferToBob();
  const popup = bob.locator("#offers .offer");
  await shown(popup.getByText("Walt Transfer"));
  await popup.getByRole("button", { name: "Reject" }).click();
  expect(await textOf(ann.locator("#flash"))).toBe("The transfer failed: Bob Agent: declined.");
  await shown(chatLog(ann).getByText("Let me find a colleague."));
  expect(kit.app.deps.routing.get(kit.app.deps.db.select().from(conversations).get()?.interactionId as string).agentId).toBe(ids.ann);

  await transferToBob();
  await shown(popup.getByText("Walt Transfer"));
  await popup.getByRole("button", { name: "Accept" }).click();
  await shown(ann.locator("#flash").getByText("Transfer successful"));
  await shown(ann.getByRole("tabpanel").getByText("Transferred to Bob Agent."));

  // The receiver sees the whole history; the visitor carries on with the new agent.
  for (const text of ["Annie joined the chat.", "I need the billing team", "Let me find a colleague.", "Transferred to Bobby."])
    await shown(chatLog(bob).getByText(text));
  await shown(widgetLog(customer).getByText("Transferred to Bobby."));
  await visitorSays(customer, "Hello Bobby");
  await shown(chatLog(bob).getByText("Hello Bobby"));
  await composer(bob).fill("Hi Walt, billing here.");
  await bob.getByRole("button", { name: "Send", exact: true }).click();
  await shown(widgetLog(customer).locator(".msg-agent", { hasText: "Hi Walt, billing here." }).getByText("Bobby"));

  // A reload rebuilds the panel from the database: every message exactly once.
  await bob.addInitScript(() => {
    document.addEventListener("htmx:sseMessage", (event) => {
      if ((event.target as Element).matches(".chat-log")) document.documentElement.dataset.chatPushes = "yes";
    });
  });
  const loaded = bob.waitForResponse((r) => /\/console\/chat\/[^/]+\/messages$/.test(r.url()));
  await bob.reload();
  await loaded;
  // Both the tab's own load and the event stream's snapshot have landed.
  await bob.waitForFunction(() => document.documentElement.dataset.chatPushes === "yes");
  await shown(chatLog(bob).getByText("Hi Walt, billing here."));
  const stored = kit.app.deps.db.select().from(chatMessages).all().length;
  expect(await seqs(chatLog(bob))).toEqual(Array.from({ length: stored }, (_, n) => n + 1));
});
