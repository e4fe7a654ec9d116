import { beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { shown, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";

setDefaultTimeout(30_000);
const kit = browserKit();
let ids: { ann: string; bob: string; sales: string };

beforeEach(async () => {
  const { db } = kit.app.deps;
  const ann = insertUser(db, {
    username: "ann",
    fullName: "Ann Agent",
    capChat: 2,
    maskSensitive: true,
    notifySound: true,
    notifyPosition: "bottom-left",
  });
  const bob = insertUser(db, { username: "bob", fullName: "Bob Agent", capChat: 2, notifySound: false });
  const sales = insertQueue(db, { name: "Sales", strategy: "longest-idle", ringTimeoutS: 20, wrapUpS: 60, members: [ann, bob] });
  ids = { ann, bob, sales };
});

/** A console already signed in as this user (sign-in is tested elsewhere), resolved once its event stream is open. */
async function consoleFor(userId: string): Promise<Page> {
  const page = await kit.pageAs(userId);
  await page.addInitScript(() => {
    document.addEventListener("console:ring", () => {
      document.documentElement.dataset.rings = String(Number(document.documentElement.dataset.rings ?? 0) + 1);
    });
  });
  await openConsole(page);
  return page;
}

const openConsole = kit.openConsole;

const chat = (customerName: string, extra: { customerAddress?: string; attachedData?: Record<string, string> } = {}) =>
  kit.app.deps.routing.enqueue({ channel: "chat", queueId: ids.sales, customerName, ...extra });
const stateOf = (page: Page) => textOf(page.locator("#state .agent-state"));
const offer = (page: Page, customer: string) => page.locator("#offers .offer", { hasText: customer });
const tab = (page: Page, customer: string) => page.getByRole("tab", { name: new RegExp(customer) });
const rings = (page: Page) => page.locator("html").getAttribute("data-rings");

test("work rings the longest-idle agent with its details; Reject moves it on; Accept opens a tab; reload keeps it all", async () => {
  const ann = await consoleFor(ids.ann);
  expect(await stateOf(ann)).toContain("Ready");
  kit.app.clock.advance(1000);
  const bob = await consoleFor(ids.bob);

  const carla = chat("Carla Customer", {
    customerAddress: "+44 20 7946 0958",
    attachedData: { "Customer account number": "AC-991", Plan: "Gold" },
  });
  const card = offer(ann, "Carla Customer");
  await shown(card);
  expect(await textOf(card)).toContain("Sales");
  expect(await textOf(card)).toContain("+•• •• •••• 0958");
  expect(await card.locator(".field-name", { hasText: "Customer account number" }).getAttribute("title")).toBe("Customer account number");
  expect(await textOf(card)).toContain("AC-991");
  expect(await card.locator(".ticker").count()).toBe(1);
  expect(await ann.locator(".offer-stack").getAttribute("class")).toContain("pos-bottom-left");
  expect(await rings(ann)).toBe("1");
  expect(await bob.locator("#offers .offer").count()).toBe(0);

  await card.getByRole("button", { name: "Reject" }).click();
  await shown(offer(bob, "Carla Customer"));
  await card.waitFor({ state: "detached" });
  // Bob's profile has the sound switched off; his popup does not ring, and he sees the number unmasked.
  expect(await rings(bob)).toBeNull();
  expect(await textOf(offer(bob, "Carla Customer"))).toContain("+44 20 7946 0958");

  await bob.getByRole("button", { name: "Accept" }).click();
  await shown(tab(bob, "Carla Customer"));
  expect(await tab(bob, "Carla Customer").getAttribute("aria-selected")).toBe("true");
  await shown(bob.getByRole("tabpanel").getByText("Gold"));
  await shown(bob.locator('#state [data-state="busy"]'));
  expect(await bob.locator("#offers .offer").count()).toBe(0);

  await openConsole(bob, true);
  await shown(tab(bob, "Carla Customer"));
  await shown(bob.locator('#state [data-state="busy"]'));

  // Ending inbound queue work opens the wrap-up form; saving it makes the agent Ready.
  await bob.getByRole("button", { name: "End session" }).click();
  await shown(bob.locator('#state [data-state="wrap_up"]'));
  const panel = bob.getByRole("tabpanel");
  await panel.getByLabel("Disposition").selectOption("Resolved");
  await panel.getByLabel("Notes").fill("Explained the invoice");
  await panel.getByRole("button", { name: "Save wrap-up" }).click();
  await shown(bob.locator('#state [data-state="ready"]'));
  await tab(bob, "Carla Customer").waitFor({ state: "detached" });
  expect(kit.app.deps.routing.get(carla.id)).toMatchObject({ status: "ended", disposition: "Resolved", notes: "Explained the invoice" });
});

test("a missed offer moves on and makes the agent Not Ready (Missed); capacity holds; a reload keeps the ringing offer", async () => {
  const ann = await consoleFor(ids.ann);
  kit.app.clock.advance(1000);
  const bob = await consoleFor(ids.bob);

  chat("Dan Timeout");
  await shown(offer(ann, "Dan Timeout"));
  kit.app.clock.advance(20_000);
  await shown(offer(bob, "Dan Timeout"));
  await shown(ann.locator('#state [data-state="not_ready"]'));
  expect(await stateOf(ann)).toContain("Missed");
  await bob.getByRole("button", { name: "Accept" }).click();
  await shown(tab(bob, "Dan Timeout"));

  const eve = chat("Eve Second");
  await offer(bob, "Eve Second").getByRole("button", { name: "Accept" }).click();
  await shown(tab(bob, "Eve Second"));

  // Bob is at his chat capacity (2) and Ann is Not Ready: the third chat waits for someone.
  chat("Fay Waits");
  expect(kit.app.deps.routing.ringingOffers(ids.bob)).toHaveLength(0);
  await ann.getByRole("button", { name: "Ready", exact: true }).click();
  await shown(offer(ann, "Fay Waits"));
  expect(await bob.locator("#offers .offer").count()).toBe(0);
  expect(await bob.getByRole("tab").count()).toBe(2);

  await openConsole(ann, true);
  await shown(offer(ann, "Fay Waits"));
  await shown(ann.locator('#state [data-state="ready"]'));
  // Alt+A presses Accept (the button declares it).
  expect(await ann.getByRole("button", { name: "Accept" }).getAttribute("aria-keyshortcuts")).toBe("Alt+A");
  await ann.keyboard.press("Alt+KeyA");
  await shown(tab(ann, "Fay Waits"));

  // A transfer the receiver declines stays with the sender, who is told why.
  kit.app.deps.routing.transferToAgent(eve.id, ids.bob, ids.ann);
  await offer(ann, "Eve Second").getByRole("button", { name: "Reject" }).click();
  expect(await textOf(bob.locator("#flash"))).toBe("The transfer failed: Ann Agent: declined.");
  expect(await bob.getByRole("tab").count()).toBe(2);
});

test("tabs keep their own state; Pending Not Ready is honoured when the last wrap-up is saved", async () => {
  const ann = await consoleFor(ids.ann);
  for (const name of ["Gus First", "Hana Second"]) {
    chat(name);
    await offer(ann, name).getByRole("button", { name: "Accept" }).click();
    await shown(tab(ann, name));
  }
  expect(await tab(ann, "Hana Second").getAttribute("aria-selected")).toBe("true");

  await ann.getByLabel("Not Ready reason").selectOption("Lunch");
  await ann.getByRole("button", { name: "Not Ready", exact: true }).click();
  await shown(ann.locator('#state [data-state="pending_not_ready"]'));

  await ann.keyboard.press("Alt+KeyE");
  const hana = ann.getByRole("tabpanel");
  await shown(hana.getByRole("button", { name: "Save wrap-up" }));
  await hana.getByLabel("Notes").fill("Called back");

  await tab(ann, "Hana Second").focus();
  await ann.keyboard.press("ArrowLeft");
  expect(await tab(ann, "Gus First").getAttribute("aria-selected")).toBe("true");
  await ann.getByRole("tabpanel").getByRole("button", { name: "End session" }).click();
  await shown(ann.getByRole("tabpanel").getByRole("button", { name: "Save wrap-up" }));
  expect(await stateOf(ann)).toContain("Pending Not Ready");

  await tab(ann, "Hana Second").click();
  expect(await ann.getByRole("tabpanel").getByLabel("Notes").inputValue()).toBe("Called back");
  await ann.getByRole("tabpanel").getByRole("button", { name: "Save wrap-up" }).click();
  await tab(ann, "Hana Second").waitFor({ state: "detached" });
  expect(await stateOf(ann)).toContain("Pending Not Ready");

  await ann.getByRole("tabpanel").getByRole("button", { name: "Save wrap-up" }).click();
  await shown(ann.locator('#state [data-state="not_ready"]'));
  expect(await stateOf(ann)).toContain("Lunch");
  expect(await ann.getByRole("tab").count()).toBe(0);
});
