import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from "playwright-core";
import { createSession, hashPassword, type Role, SESSION_COOKIE } from "../../src/auth/index.ts";
import { users } from "../../src/auth/schema.ts";
import { DEFAULTS, type Config } from "../../src/config.ts";
import type { Db } from "../../src/db/index.ts";
import { type RunningAppliance as Appliance, startAppliance } from "../../src/server.ts";
import { ManualClock, newId, silentLogger } from "../../src/shared/index.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Debian's Chromium, headless, with the flags this closed network needs. Playwright gives every
 * launch a fresh temporary profile (it refuses --user-data-dir with launch()) and removes it on close.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      // Media tests run on loopback: let WebRTC use 127.0.0.1.
      "--allow-loopback-in-peer-connection",
    ],
  });
  return { browser, close: () => browser.close() };
}

/** The whole appliance on a loopback port with an empty data folder and a manual clock. */
export async function startTestAppliance(
  overrides: Partial<Config> = {},
): Promise<Appliance & { clock: ManualClock; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-e2e-"));
  const clock = new ManualClock(Date.now());
  const config: Config = Object.freeze({ ...DEFAULTS, dataDir, tls: "off", httpHost: "127.0.0.1", httpPort: 0, sipPort: 0, ...overrides });
  const appliance = await startAppliance(config, { clock, log: silentLogger, announce: () => {} });
  return {
    ...appliance,
    clock,
    async cleanup() {
      await appliance.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Clicks a control that loads a new document and resolves once that document has loaded. */
export async function submit(page: Page, control: Locator): Promise<void> {
  await Promise.all([page.waitForEvent("load"), control.click()]);
}

/** Signs in through the real form; resolves once the next page has loaded. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(password);
  await submit(page, page.getByRole("button", { name: "Sign in" }));
}

/** The visible text of an element, waiting (bounded) for it to appear. */
export async function textOf(locator: Locator, timeout = 5_000): Promise<string> {
  await locator.first().waitFor({ state: "visible", timeout });
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a user sees, which is the point.
  return (await locator.first().innerText()).trim();
}

/** Resolves once the element is visible; throws after the timeout. */
export async function shown(locator: Locator, timeout = 5_000): Promise<void> {
  await locator.first().waitFor({ state: "visible", timeout });
}

/** The path of the page's current address. */
export function pathOf(page: Page): string {
  return new URL(page.url()).pathname;
}

// argon2 costs a few hundred milliseconds; users sharing a password in tests may share its hash.
const hashes = new Map<string, Promise<string>>();
function hashOnce(password: string): Promise<string> {
  const known = hashes.get(password) ?? hashPassword(password);
  hashes.set(password, known);
  return known;
}

/**
 * A browser context already signed in as this user: the session is made directly, so tests
 * whose subject is not the sign-in form skip an argon2 check.
 */
export async function signedInContext(browser: Browser, app: Appliance, userId: string, options: BrowserContextOptions = {}) {
  const { db, clock, config } = app.deps;
  const token = createSession(db, userId, clock.now(), config.sessionHours * 3600_000);
  const context = await browser.newContext(options);
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: app.url, httpOnly: true, secure: true, sameSite: "Lax" }]);
  return context;
}

/** A user stored directly (the UI is not under test), with a real argon2 hash of the password. */
export async function insertUser(
  db: Db,
  user: { username: string; fullName?: string; email?: string; role?: Role; password?: string; locked?: boolean; now?: number },
): Promise<string> {
  const id = newId();
  const now = user.now ?? Date.now();
  db.insert(users)
    .values({
      id,
      username: user.username,
      fullName: user.fullName ?? user.username,
      email: user.email ?? "",
      role: user.role ?? "agent",
      locked: user.locked ?? false,
      passwordHash: user.password ? await hashOnce(user.password) : null,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}

/** A real, decodable PNG of one colour, built here so the test owns every byte. */
export function makePng(width: number, height: number, rgb: [number, number, number] = [31, 95, 191]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(Bun.hash.crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const row = Buffer.from([0, ...Array.from({ length: width }, () => rgb).flat()]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", pixels), chunk("IEND", Buffer.alloc(0))]);
}
