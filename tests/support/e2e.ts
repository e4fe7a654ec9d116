/**
 * The set-up every browser test file repeats: one Chromium for the file, an appliance per test (or per file),
 * and every browser context it opens closed after the test, with pages signed in as a user or opened on the
 * agent console. Call `browserKit()` at the top of a test file; it registers its own hooks, before the file's.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "bun:test";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import type { Config } from "../../src/config.ts";
import { launchBrowser, signedInContext, startTestAppliance } from "./browser.ts";

export type TestAppliance = Awaited<ReturnType<typeof startTestAppliance>>;

export interface BrowserKitOptions {
  /**
   * "test" (the default): a fresh appliance before every test; "file": one for the whole file;
   * "adopted": the file starts (and stops) its own before each test and hands it over with `adopt`.
   */
  appliance?: "test" | "file" | "adopted";
  /** Settings of the appliance the kit starts. */
  config?: Partial<Config>;
  /** Dismiss every dialog the kit's pages open and keep its message in `dialogs` (a payload that ran alert()). */
  recordDialogs?: boolean;
}

export interface BrowserKit {
  readonly browser: Browser;
  readonly app: TestAppliance;
  /** Messages of the dialogs pages opened during this test (with `recordDialogs`). */
  readonly dialogs: string[];
  /** Hands over, for this test, an appliance the file started itself (mode "adopted") and stops itself. */
  adopt(app: TestAppliance): void;
  /** Closes this context after the test; returns it. */
  track(context: BrowserContext): BrowserContext;
  /** A fresh, signed-out browser context (a visitor), closed after the test. */
  context(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A context signed in as this user through a stored session (sign-in has tests of its own). */
  signedIn(userId: string, options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A page in a fresh, signed-out context. */
  page(options?: BrowserContextOptions): Promise<Page>;
  /** A blank page signed in as this user, in a context of its own. */
  pageAs(userId: string, options?: BrowserContextOptions): Promise<Page>;
  /** Opens (or reloads) the agent console and resolves once its event stream is open; opening it makes the agent Ready. */
  openConsole(page: Page, reload?: boolean): Promise<void>;
  /** A new page signed in as this agent, on the console with its event stream open. */
  consoleOf(userId: string): Promise<Page>;
  /** Opens the supervisor's live view and resolves once it has fetched its board (it does so on connect). */
  openLiveView(page: Page): Promise<void>;
}

export function browserKit(options: BrowserKitOptions = {}): BrowserKit {
  const mode = options.appliance ?? "test";
  let browser: Browser | undefined;
  let closeBrowser = async () => {};
  let app: TestAppliance | undefined;
  const contexts: BrowserContext[] = [];
  const dialogs: string[] = [];

  const start = async () => {
    app = await startTestAppliance(options.config);
  };
  const stop = async () => {
    const running = app;
    app = undefined;
    await running?.cleanup();
  };

  beforeAll(async () => {
    ({ browser, close: closeBrowser } = await launchBrowser());
    if (mode === "file") await start();
  });
  afterAll(async () => {
    if (mode === "file") await stop();
    await closeBrowser();
  });
  beforeEach(async () => {
    dialogs.length = 0;
    if (mode === "test") await start();
  });
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    if (mode === "test") await stop();
    if (mode === "adopted") app = undefined;
  });

  const kit: BrowserKit = {
    get browser() {
      if (!browser) throw new Error("the browser starts in beforeAll");
      return browser;
    },
    get app() {
      if (!app) throw new Error(mode === "adopted" ? "adopt() an appliance first" : "the appliance starts before each test");
      return app;
    },
    dialogs,
    adopt(started) {
      app = started;
    },
    track(context) {
      contexts.push(context);
      if (options.recordDialogs) {
        context.on("dialog", (dialog) => {
          dialogs.push(dialog.message());
          void dialog.dismiss();
        });
      }
      return context;
    },
    async context(contextOptions = {}) {
      return kit.track(await kit.browser.newContext(contextOptions));
    },
    async signedIn(userId, contextOptions = {}) {
      return kit.track(await signedInContext(kit.browser, kit.app, userId, contextOptions));
    },
    async page(contextOptions = {}) {
      return (await kit.context(contextOptions)).newPage();
    },
    async pageAs(userId, contextOptions = {}) {
      return (await kit.signedIn(userId, contextOptions)).newPage();
    },
    async openConsole(page, reload = false) {
      const connected = page.waitForResponse((r) => r.url().endsWith("/events"));
      if (reload) await page.reload();
      else await page.goto(`${kit.app.url}/console`);
      await connected;
    },
    async consoleOf(userId) {
      const page = await kit.pageAs(userId);
      await kit.openConsole(page);
      return page;
    },
    async openLiveView(page) {
      const connected = page.waitForResponse((r) => r.url().endsWith("/supervisor/board") && r.ok());
      await page.goto(`${kit.app.url}/supervisor`);
      await connected;
    },
  };
  return kit;
}
