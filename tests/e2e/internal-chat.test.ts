import { beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { insertQueue } from "../support/fixtures.ts";
import { insertUser, shown, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";

setDefaultTimeout(45_000);
const kit = browserKit();
let ann: string;
let bob: string;

beforeEach(async () => {
  ann = await insertUser(kit.app.deps.db, { username: "ann", fullName: "Ann Agent" });
  bob = await insertUser(kit.app.deps.db, { username: "bob", fullName: "Bob Builder" });
  insertQueue(kit.app.deps.db, { name: "Sales", members: [ann, bob] });
});

/** Opens the console in a browser context of its own (signed in through a stored session), connected to its event stream. */
async function consoleOf(userId: string): Promise<Page> {
  const page = await kit.pageAs(userId);
  const stream = page.waitForResponse((r) => r.url() === `${kit.app.url}/events`);
  await page.goto(`${kit.app.url}/console`);
  // Until the console lazy-loads the panel, its own page (with the same event stream) stands in.
  if ((await page.locator('[hx-get="/console/colleagues"]').count()) === 0) await page.goto(`${kit.app.url}/console/colleagues?page=1`);
  await stream;
  return page;
}

const colleague = (page: Page, name: string) => page.locator(".colleague").filter({ has: page.getByRole("link", { name }) });
const unreadIn = (page: Page) =>
  page.evaluate(() => document.getElementById("colleague-list")?.textContent?.match(/(\d+) unread/)?.[1] ?? "0");

test("two agents chat live: unread badge, reading clears it, replies and states follow without reload", async () => {
  const a = await consoleOf(ann);
  const b = await consoleOf(bob);
  await b.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

  // Ann writes to Bob and sends with Enter.
  await a.getByRole("link", { name: "Bob Builder" }).click();
  await a.getByRole("textbox", { name: "Message to Bob Builder" }).fill("Can you take table <b>7</b>?");
  await a.getByRole("textbox", { name: "Message to Bob Builder" }).press("Enter");
  await shown(a.locator(".internal-message.mine").filter({ hasText: "Can you take table <b>7</b>?" }));
  expect(await a.getByRole("textbox", { name: "Message to Bob Builder" }).inputValue()).toBe("");

  // Bob sees the unread badge on Ann's row and in total, without reloading.
  await shown(colleague(b, "Ann Agent").getByText("1 unread"));
  expect(await textOf(b.locator("#internal-unread"))).toBe("1 unread");

  // Opening the conversation shows the message (as text) and clears the badges.
  await b.getByRole("link", { name: "Ann Agent" }).click();
  await shown(b.locator(".internal-message.theirs").filter({ hasText: "Can you take table <b>7</b>?" }));
  await b.locator("#internal-unread .badge").waitFor({ state: "detached" });
  expect(await unreadIn(b)).toBe("0");

  // With the conversation open, the next message appears in it live and is read at once.
  const read = b.waitForResponse((r) => r.url() === `${kit.app.url}/console/internal/${ann}/read`);
  await a.getByRole("textbox", { name: "Message to Bob Builder" }).fill("Thanks!");
  await a.getByRole("button", { name: "Send" }).click();
  await shown(b.locator(".internal-message.theirs").filter({ hasText: "Thanks!" }));
  expect((await read).status()).toBe(204);
  await b.waitForFunction(() => !/\d+ unread/.test(document.getElementById("colleague-list")?.textContent ?? ""));

  // Bob's state change shows live in Ann's list.
  kit.app.deps.presence.apply(bob, { type: "choose_not_ready", reason: "Lunch" });
  await shown(colleague(a, "Bob Builder").getByText("Not Ready (Lunch)"));
  expect(await b.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);

  // Bob answers; Ann, still in the conversation, sees it after her own messages.
  await b.getByRole("textbox", { name: "Message to Ann Agent" }).fill("On my way");
  await b.getByRole("textbox", { name: "Message to Ann Agent" }).press("Enter");
  await shown(a.locator(".internal-message.theirs").filter({ hasText: "On my way" }));
  expect(await a.locator(".internal-message").allInnerTexts()).toEqual([
    expect.stringMatching(/^You \d\d:\d\d\n+Can you take table <b>7<\/b>\?$/),
    expect.stringMatching(/^You \d\d:\d\d\n+Thanks!$/),
    expect.stringMatching(/^Bob Builder \d\d:\d\d\n+On my way$/),
  ]);
});
