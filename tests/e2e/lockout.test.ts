import { beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { saveSettings } from "../../src/settings/index.ts";
import { insertUser, pathOf, shown, signIn, submit, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";

setDefaultTimeout(30_000);
const kit = browserKit();
const PASSWORD = "Right-Pass-77";
const PAUSED = /Too many failed sign-ins for this account from your address\. Try again in 1 minute/;
const LOCKED = "This account is locked. Ask an administrator to unlock it.";
let adminId: string;

beforeEach(async () => {
  saveSettings(kit.app.deps.db, { lockoutAfter: 3 }, kit.app.clock.now());
  adminId = await insertUser(kit.app.deps.db, { username: "boss", fullName: "Big Boss", role: "admin" });
  await insertUser(kit.app.deps.db, { username: "lou", fullName: "Lou Lockwood", email: "lou@example.test", password: PASSWORD });
  // Lia is already locked: the list's bulk unlock is under test there, not the lockout itself.
  await insertUser(kit.app.deps.db, { username: "lia", fullName: "Lia Lockhart", password: PASSWORD, locked: true });
});

async function newPage(asAdmin = false): Promise<Page> {
  const context = asAdmin ? await kit.signedIn(adminId) : await kit.context();
  const page = await context.newPage();
  if (asAdmin) await page.goto(`${kit.app.url}/admin/agents`);
  return page;
}

/** Three wrong passwords block the name from this address; then even the right one is refused there. */
async function lockOut(page: Page, username: string) {
  for (const attempt of [1, 2]) {
    await signIn(page, kit.app.url, username, `wrong-${attempt}-password`);
    expect(await textOf(page.getByRole("alert"))).toBe("Wrong username or password.");
  }
  await signIn(page, kit.app.url, username, "wrong-3-password");
  expect(await textOf(page.getByRole("alert"))).toMatch(PAUSED);
  await signIn(page, kit.app.url, username, PASSWORD);
  expect(pathOf(page)).toBe("/login");
  expect(await textOf(page.getByRole("alert"))).toMatch(PAUSED);
}

test("three wrong passwords pause sign-in from that address until an admin unlocks it on the user's page", async () => {
  const agent = await newPage();
  await lockOut(agent, "lou");

  const admin = await newPage(true);
  const row = admin.getByRole("row").filter({ hasText: "Lou Lockwood" });
  expect(await textOf(row)).toContain("Sign-in paused");
  await submit(admin, row.getByRole("link", { name: "Lou Lockwood" }));
  await shown(admin.getByRole("heading", { name: "Sign-in paused" }));
  expect(await textOf(admin.locator("main"))).toContain(
    "3 failed sign-ins from one address: sign-in from there is paused for 1 more minute.",
  );
  await submit(admin, admin.getByRole("button", { name: "Unlock account" }));
  expect(await admin.getByRole("button", { name: "Unlock account" }).count()).toBe(0);

  await signIn(agent, kit.app.url, "lou", PASSWORD);
  expect(pathOf(agent)).toBe("/console");
  await shown(agent.getByRole("heading", { name: "Lou Lockwood" }));
});

test("the admin can unlock selected users from the list", async () => {
  const agent = await newPage();
  await signIn(agent, kit.app.url, "lia", PASSWORD);
  expect(await textOf(agent.getByRole("alert"))).toBe(LOCKED);

  const admin = await newPage(true);
  await admin.getByRole("checkbox", { name: "Select Lia Lockhart" }).check();
  await submit(admin, admin.getByRole("button", { name: "Unlock selected" }));
  expect(await textOf(admin.getByRole("status").filter({ hasText: "unlocked" }))).toBe("1 user unlocked.");
  const row = admin.getByRole("row").filter({ hasText: "Lia Lockhart" });
  expect(await textOf(row)).toContain("Active");

  await signIn(agent, kit.app.url, "lia", PASSWORD);
  expect(pathOf(agent)).toBe("/console");
});
