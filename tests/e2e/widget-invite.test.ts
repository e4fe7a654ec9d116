import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { messagesAfter, postAgentMessage } from "../../src/chat/index.ts";
import { conversations } from "../../src/chat/conversation-schema.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { shown, submit, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { linkIn, startSmtpServer } from "../support/smtp.ts";
import { widgetOf } from "../support/widget-center.ts";

setDefaultTimeout(45_000);
const kit = browserKit();
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let ann: string;

beforeEach(async () => {
  smtp = await startSmtpServer();
  ann = insertUser(kit.app.deps.db, { username: "ann", fullName: "Ann Realname", alias: "Annie" });
  insertQueue(kit.app.deps.db, { name: "Sales", members: [ann] });
  insertQueue(kit.app.deps.db, { name: "Returns", members: [ann] });
  // No widget origins: the invitation page is the appliance's own, which the widget always allows.
  const smtpSettings = { host: "127.0.0.1", port: smtp.port, secure: false, user: "", pass: "", from: "help@acme.test" };
  saveSettings(kit.app.deps.db, { centerName: "Acme Help", smtp: smtpSettings }, kit.app.clock.now());
});
afterEach(() => smtp.close());

const widget = widgetOf;
const messagesOf = (page: Page) => widget(page).getByRole("log", { name: "Messages" });

test("an agent invites a customer by email; the link opens the chat, which rings the inviter while Not Ready; then the link is used", async () => {
  const agent = await kit.consoleOf(ann);
  await agent.getByRole("button", { name: "Not Ready" }).first().click();
  await shown(agent.locator("#state").getByText("Not Ready"));

  // The invite form: chat only for now, department; "Start muted" waits for audio and video invitations.
  await submit(agent, agent.getByRole("link", { name: "Invite a customer" }));
  await agent.getByLabel("Customer name").fill("Carla Customer");
  await agent.getByLabel("Customer email").fill("carla@home.test");
  expect(await agent.getByRole("radio", { name: "Video" }).isDisabled()).toBe(true);
  await shown(agent.getByText("Audio and video sessions arrive with the voice and video work"));
  await agent.getByLabel("Department").selectOption({ label: "Returns" });
  expect(await agent.getByLabel("Start muted").count()).toBe(0);
  await submit(agent, agent.getByRole("button", { name: "Send invitation" }));
  await shown(agent.getByRole("status").filter({ hasText: "The invitation is on its way." }));

  // The mail arrives at a real SMTP server with the link.
  const mail = await smtp.waitFor("carla@home.test", /Annie of Acme Help invites you to a chat/);
  const link = linkIn(mail.text, "/connect/");
  expect(link.startsWith(`${kit.app.url}/connect/`)).toBe(true);

  // The customer, in another browser context, opens the link: the widget is open with the details filled in.
  const customer = await kit.page();
  await customer.goto(link);
  expect(await textOf(customer.locator("main"))).toContain("Hello Carla Customer. Annie invited you to a chat with Returns.");
  await shown(widget(customer).getByText("Annie invited you to a chat with Returns."));
  expect(await widget(customer).getByLabel("Your name").inputValue()).toBe("Carla Customer");
  expect(await widget(customer).getByLabel("Your email").inputValue()).toBe("carla@home.test");
  await widget(customer).getByRole("button", { name: "Start chat" }).click();
  await shown(widget(customer).getByRole("status").filter({ hasText: "Waiting for an agent." }));

  // It rings Ann although she is Not Ready; she accepts.
  expect(kit.app.deps.presence.get(ann).state).toBe("not_ready");
  await agent.goto(`${kit.app.url}/console`);
  const offer = agent.locator("#offers .offer");
  await shown(offer);
  expect(await textOf(offer)).toContain("Carla Customer");
  await offer.getByRole("button", { name: "Accept" }).click();
  await shown(widget(customer).getByRole("status").filter({ hasText: "You are chatting with Annie." }));

  // Both exchange a message (the agent's through the chat domain, as the console's chat panel is tested on its own).
  const input = widget(customer).getByRole("textbox", { name: "Type your message" });
  await input.fill("Hi, about my return");
  await input.press("Enter");
  await shown(messagesOf(customer).locator(".msg-visitor", { hasText: "Hi, about my return" }).getByText("Delivered"));
  const chat = kit.app.deps.db.select().from(conversations).get()!;
  expect(messagesAfter(kit.app.deps.db, chat.id).map((m) => m.body)).toContain("Hi, about my return");
  postAgentMessage(kit.app.deps, chat.interactionId!, ann, { body: "Happy to help, Carla." });
  await shown(messagesOf(customer).locator(".msg-agent", { hasText: "Happy to help, Carla." }));

  // Reloading the customer's tab resumes the chat; the link elsewhere says it was used.
  await customer.reload();
  await shown(messagesOf(customer).locator(".msg-agent", { hasText: "Happy to help, Carla." }));
  const again = await kit.page();
  await again.goto(link);
  await shown(again.getByRole("status").filter({ hasText: "This invitation has already been used." }));
  expect(await again.getByRole("button", { name: "Start chat" }).count()).toBe(0);
  expect(await textOf(customer.locator("body"))).not.toContain("Realname");
});
