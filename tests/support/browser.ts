import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { DEFAULTS, type Config } from "../../src/config.ts";
import { type Appliance, startAppliance } from "../../src/server.ts";
import { ManualClock, silentLogger } from "../../src/shared/index.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "sb-chromium-"));
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
      `--user-data-dir=${profile}`,
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The whole appliance on a loopback port with an empty data folder and a manual clock. */
export async function startTestAppliance(
  overrides: Partial<Config> = {},
): Promise<Appliance & { clock: ManualClock; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-e2e-"));
  const clock = new ManualClock(Date.now());
  const config: Config = Object.freeze({ ...DEFAULTS, dataDir, tls: "off", httpHost: "127.0.0.1", httpPort: 0, ...overrides });
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
