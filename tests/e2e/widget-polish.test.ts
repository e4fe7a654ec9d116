import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { postAgentMessage } from "../../src/chat/index.ts";
import { shown } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { startChat as fillPreChat, startWidgetCenter, widgetOf as widget } from "../support/widget-center.ts";

/** After the chat: what the visitor sees next, and what they are (not) asked. */
setDefaultTimeout(40_000);
const kit = browserKit({ appliance: "adopted" });
let center: Awaited<ReturnType<typeof startWidgetCenter>>;
let context: BrowserContext;

beforeEach(async () => {
  center = await startWidgetCenter();
  kit.adopt(center.app);
  context = await kit.context();
});
afterEach(() => center.stop());

async function startChat(name: string, email: string): Promise<Page> {
  const page = await context.newPage();
  await fillPreChat(page, center.site.url, name, email);
  return page;
}

/** Inside the window and inside every scrolling box around it: what the visitor can see without scrolling. */
const inView = (locator: Locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    for (let box = el.parentElement; box; box = box.parentElement) {
      if (box.scrollHeight <= box.clientHeight) continue;
      const b = box.getBoundingClientRect();
      if (r.top < b.top - 1 || r.top > b.bottom) return false;
    }
    return r.top >= 0 && r.top < innerHeight;
  });

test("after a long chat the rating form is in view; a new chat keeps name and email", async () => {
  const { ann } = center;
  kit.app.deps.presence.apply(ann, { type: "login", notReady: false });
  const customer = await startChat("Vera Visitor", "vera@home.test");
  await shown(widget(customer).getByText("Waiting for an agent", { exact: false }));
  const [offer] = kit.app.deps.routing.ringingOffers(ann);
  kit.app.deps.routing.accept(offer?.id ?? "", ann);
  await shown(widget(customer).getByText("You are chatting with Annie."));
  for (let n = 1; n <= 30; n++) postAgentMessage(kit.app.deps, offer?.interactionId ?? "", ann, { body: `Answer line ${n}` });
  await shown(widget(customer).getByText("Answer line 30"));

  kit.app.deps.routing.end(offer?.interactionId ?? "", ann);
  const rating = widget(customer).getByRole("group", { name: "How was your chat?" });
  await shown(rating);
  await customer.waitForFunction(() => true); // one frame for the scroll
  expect(await inView(rating)).toBe(true);

  await widget(customer).getByRole("button", { name: "Start a new chat" }).click();
  expect(await widget(customer).getByLabel("Your name").inputValue()).toBe("Vera Visitor");
  expect(await widget(customer).getByLabel("Your email").inputValue()).toBe("vera@home.test");
});

test("a chat the visitor ends before any agent answers asks for no rating and does not say the visitor left", async () => {
  const { ann } = center;
  // Signed in but Not Ready: the department is open, nobody takes the chat.
  kit.app.deps.presence.apply(ann, { type: "login", notReady: true });
  const customer = await startChat("Vera Visitor", "vera@home.test");
  await shown(widget(customer).getByText("Waiting for an agent", { exact: false }));
  await widget(customer).getByRole("button", { name: "End chat" }).click();
  await shown(widget(customer).getByRole("status").filter({ hasText: "The chat has ended." }));
  await shown(widget(customer).getByRole("button", { name: "Start a new chat" }));
  expect(await widget(customer).getByRole("group", { name: "How was your chat?" }).count()).toBe(0);

  // Reloaded, the whole log is there: it says what happened without "Vera left", and still asks for nothing.
  await customer.reload(); // the widget opens again by itself, on the same chat
  await shown(widget(customer).getByText("The chat ended before an agent answered."));
  await shown(widget(customer).getByRole("button", { name: "Start a new chat" }));
  expect(await widget(customer).getByRole("group", { name: "How was your chat?" }).count()).toBe(0);
  expect(await widget(customer).textContent()).not.toContain(" left");
});
