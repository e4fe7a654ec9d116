/** What the browser tests of calls share: seeing the page's peer connections, counting audio, waiting, the phone. */
import { afterEach, beforeEach } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { getTrunk, saveTrunk, TRUNK_UPDATED } from "../../src/trunk/index.ts";
import { type SippServer, startSippServer } from "../sip/trunk-sipp-server.ts";
import { type VoiceAppliance, voiceAppliance } from "../sip/voice-setup.ts";
import { textOf } from "../support/browser.ts";
import { type BrowserKit, browserKit } from "../support/e2e.ts";

/** Test-only: keeps the page's peer connections reachable for getStats(); the phone island itself exposes none. */
export async function trackPeers(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const seen: RTCPeerConnection[] = [];
    Object.defineProperty(window, "__peers", { value: seen });
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        seen.push(this);
      }
    };
  });
}

/** Packets received on the page's newest inbound audio stream (RTCInboundRtpStreamStats). */
export function inboundPackets(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const peers = (window as unknown as { __peers: RTCPeerConnection[] }).__peers;
    let packets = 0;
    (await peers[peers.length - 1]?.getStats())?.forEach((s) => {
      if (s.type === "inbound-rtp" && s.kind === "audio") packets = s.packetsReceived;
    });
    return packets;
  });
}

/** Polls every 100 ms until `ok`, failing with `what` after `ms`. */
export async function within(what: string, ms: number, ok: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Resolves once the console's phone panel says the phone is ready. */
export function phoneReady(page: Page, ms = 10_000): Promise<void> {
  return within("Phone ready", ms, async () => (await textOf(page.locator("#phone").getByRole("status"))) === "Phone ready");
}

/** The console signed in as this agent, its peer connections tracked, resolved once its phone is ready. */
export async function phoneConsole(kit: BrowserKit, userId: string): Promise<Page> {
  const context = await kit.signedIn(userId);
  await trackPeers(context);
  const page = await context.newPage();
  await page.goto(`${kit.app.url}/console`);
  await phoneReady(page);
  return page;
}

/** The browser kit over a fresh voice appliance (trunk, and an agent in a voice department) for every test. */
export function voiceBrowserKit(): BrowserKit & { readonly voice: VoiceAppliance } {
  const kit = browserKit({ appliance: "adopted" });
  let voice: VoiceAppliance | undefined;
  beforeEach(async () => {
    voice = await voiceAppliance();
    kit.adopt(voice.app);
  });
  afterEach(async () => {
    await voice?.app.cleanup();
    voice = undefined;
  });
  return Object.defineProperty(kit, "voice", {
    get() {
      if (!voice) throw new Error("the voice appliance starts before each test");
      return voice;
    },
  }) as BrowserKit & { readonly voice: VoiceAppliance };
}

/**
 * sipp as the far end of outside calls, the trunk pointed at it with a caller ID and a number rule (0… → +41…);
 * the sipp of each test is stopped after it.
 */
export function outsideFarEnd(kit: { readonly voice: VoiceAppliance }): (scenario: string) => Promise<SippServer> {
  let far: SippServer | null = null;
  afterEach(() => {
    far?.kill();
    far = null;
  });
  return async (scenario) => {
    far = await startSippServer(scenario, "UDP", 30, true);
    const { db, clock, bus } = kit.voice.app.deps;
    const trunk = { ...getTrunk(db), host: "127.0.0.1", port: far.port, callerId: "+41440000000" };
    saveTrunk(db, { ...trunk, numberRules: [{ prefix: "0", strip: 1, add: "+41" }] }, { id: null, name: "test" }, clock.now());
    bus.publish(TRUNK_UPDATED, { changed: [] });
    return far;
  };
}
