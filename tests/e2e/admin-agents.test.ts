import { afterAll, beforeAll, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import type { Page } from "playwright-core";
import { createQueue, readQueueForm } from "../../src/routing/index.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { insertUser, makePng, pathOf, shown, signIn, submit, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { linkIn, startSmtpServer } from "../support/smtp.ts";

setDefaultTimeout(30_000);
const kit = browserKit({ appliance: "file" });
const AGENT_PASSWORD = "Agent-Chosen-9";
const XSS = `<script>window.__xss=1</script><img src=x onerror="window.__xss=2">`;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const { db } = kit.app.deps;
  const smtpSettings = { host: "127.0.0.1", port: smtp.port, secure: false, user: "", pass: "", from: "desk@example.test" };
  saveSettings(db, { smtp: smtpSettings, centerName: "Acme Care" }, kit.app.clock.now());
  const actor = { id: null, name: "test" };
  createQueue(db, readQueueForm({ name: "Billing", channel: "voice" }), actor, kit.app.clock.now());
  createQueue(db, readQueueForm({ name: "Web chat", channel: "chat" }), actor, kit.app.clock.now());
  adminId = await insertUser(db, { username: "boss", fullName: "Big Boss", role: "admin" });
});
afterAll(() => smtp.close());

let adminId: string;
let admin: Page;
beforeEach(async () => {
  admin = await kit.pageAs(adminId, { acceptDownloads: true });
});

const newPage = () => kit.page();

/** Fills and sends Admin → Agents → New user; resolves on the created user's page. */
async function createAgent(fullName: string, username: string, email = "", queues: string[] = []) {
  await admin.goto(`${kit.app.url}/admin/agents`);
  await submit(admin, admin.getByRole("link", { name: "New user" }));
  await admin.getByRole("textbox", { name: "Full name" }).fill(fullName);
  await admin.getByRole("textbox", { name: "Username" }).fill(username);
  if (email) await admin.getByRole("textbox", { name: "Email" }).fill(email);
  for (const q of queues) await admin.getByRole("checkbox", { name: q }).check();
  await submit(admin, admin.getByRole("button", { name: "Create user" }));
  await shown(admin.getByRole("heading", { name: `Edit ${fullName}` }));
}

test("a new agent gets a welcome mail whose link sets their password and opens their console", async () => {
  await createAgent("Wendy Welcome", "wendy", "wendy@example.test", ["Billing (voice)", "Web chat (chat)"]);
  expect(await textOf(admin.getByRole("status").filter({ hasText: "welcome mail" }))).toContain("wendy@example.test");

  const mail = await smtp.waitFor("wendy@example.test", /Welcome to Acme Care/);
  expect(mail.text).toContain('"wendy"');
  expect(mail.text).not.toMatch(/password\s*(is|:|=)\s*\S/i);
  const link = linkIn(mail.text, "/password/");

  const agent = await newPage();
  await agent.goto(link);
  await shown(agent.getByRole("heading", { name: "Set your password" }));
  await agent.getByRole("textbox", { name: "New password" }).fill(AGENT_PASSWORD);
  await agent.getByRole("textbox", { name: "Repeat password" }).fill(AGENT_PASSWORD);
  await submit(agent, agent.getByRole("button", { name: "Save password" }));
  await signIn(agent, kit.app.url, "wendy", AGENT_PASSWORD);
  expect(pathOf(agent)).toBe("/console");
  await shown(agent.getByRole("heading", { name: "Wendy Welcome" }));
  const departments = await textOf(agent.getByRole("region", { name: "Wendy Welcome" }));
  expect(departments).toContain("My departments");
  expect(departments).toContain("Billing");
  expect(departments).toContain("Web chat");
});

test("the admin exports exactly the selected agents as CSV", async () => {
  const people: [string, string][] = [
    ["carl", "Carl Comma, Jr."],
    ["cora", "Cora Column"],
    ["nina", "Nina Notincluded"],
  ];
  for (const [username, fullName] of people) await insertUser(kit.app.deps.db, { username, fullName, email: `${username}@example.test` });
  await admin.goto(`${kit.app.url}/admin/agents`);
  await admin.getByRole("checkbox", { name: "Select Carl Comma, Jr." }).check();
  await admin.getByRole("checkbox", { name: "Select Cora Column" }).check();
  const [download] = await Promise.all([
    admin.waitForEvent("download"),
    admin.getByRole("button", { name: "Export selected (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^agents-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await Bun.file(await download.path()).text()).trimEnd().split("\r\n");
  expect(lines[0]).toStartWith("Username,Full name,Alias,Email,Role");
  const rows = lines.slice(1).sort();
  expect(rows).toHaveLength(2);
  expect(rows[0]).toStartWith('carl,"Carl Comma, Jr.",,carl@example.test,');
  expect(rows[1]).toStartWith("cora,Cora Column,,cora@example.test,");
});

test("an SVG renamed .png is refused as avatar with a visible message; a real PNG is accepted and shown", async () => {
  await createAgent("Ava Avatar", "ava");
  const upload = admin.getByLabel("Upload an image (PNG or JPEG, at most 8 MB)");
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>window.__xss=3</script></svg>');
  await upload.setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: svg });
  await submit(admin, admin.getByRole("button", { name: "Save changes" }));
  expect(await textOf(admin.locator("#f-avatar-error"))).toBe("The avatar must be a PNG or JPEG image");
  expect(await admin.getByRole("img", { name: "Current avatar" }).count()).toBe(0);

  await upload.setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: makePng(24, 24) });
  await submit(admin, admin.getByRole("button", { name: "Save changes" }));
  expect(await textOf(admin.getByRole("status").filter({ hasText: "saved" }))).toBe("Changes saved.");
  const img = admin.getByRole("img", { name: "Current avatar" });
  await shown(img);
  expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(24);
});

test("markup in a full name shows as text and runs nothing, for the admin and the agent", async () => {
  await createAgent(XSS, "mark.up");
  expect(await textOf(admin.getByRole("heading", { level: 1 }))).toBe(`Edit ${XSS}`);
  await admin.goto(`${kit.app.url}/admin/agents`);
  await shown(admin.getByRole("link", { name: XSS }));
  expect(await admin.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(await admin.locator("main img").count()).toBe(0);

  await insertUser(kit.app.deps.db, { username: "mark.up2", fullName: XSS, password: AGENT_PASSWORD });
  const agent = await newPage();
  await signIn(agent, kit.app.url, "mark.up2", AGENT_PASSWORD);
  await shown(agent.getByRole("heading", { name: XSS, exact: true }));
  expect(await textOf(agent.getByRole("navigation", { name: "Main" }))).toContain(XSS);
  expect(await agent.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
});

test("controls whose behaviour does not exist yet are absent: the agent form, the queue form and an agent's console without Voice", async () => {
  await admin.goto(`${kit.app.url}/admin/agents/new`);
  const permissions = admin.getByRole("group", { name: "Permissions" });
  await shown(permissions);
  expect(await permissions.getByRole("checkbox").evaluateAll((boxes) => boxes.map((b) => b.parentElement?.textContent?.trim()))).toEqual([
    "Voice",
    "Outside calls (dial numbers through the SIP trunk)",
    "Chat",
    "Downloads (attachments and transcripts)",
    "Reports (the history of their own interactions)",
  ]);
  for (const label of ["Record calls", "Outbound calling allowed", "Video capacity", "Email capacity", "Video auto-answer delay"])
    expect(await admin.getByLabel(label).count()).toBe(0);

  await admin.goto(`${kit.app.url}/admin/queues/new`);
  expect(await admin.getByLabel("Channel").locator("option").allInnerTexts()).toEqual(["voice", "chat"]);
  const overflow = await admin.getByLabel("When the maximum wait is reached").locator("option").allInnerTexts();
  expect(overflow.some((o) => /voicemail/i.test(o))).toBe(false);

  const chatOnly = await insertUser(kit.app.deps.db, { username: "cleo", fullName: "Cleo Chat" });
  kit.app.deps.db.$client.run("update users set permissions = '[\"chat\"]' where id = ?", [chatOnly]);
  const context = await kit.signedIn(chatOnly);
  const agent = await context.newPage();
  await agent.goto(`${kit.app.url}/console`);
  await shown(agent.getByRole("heading", { name: "Console" }));
  expect(await agent.getByRole("heading", { name: "Phone" }).count()).toBe(0);
  expect(await agent.getByRole("button", { name: "Dial" }).count()).toBe(0);
  await shown(agent.getByRole("link", { name: "Invite a customer" }));
});
