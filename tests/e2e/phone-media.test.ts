/**
 * FEATURES V1 and C6 in a real Chromium with its fake microphone: the console's phone island connects to
 * the appliance's own WebRTC end, audio flows both ways, and a reload reconnects it to the same leg.
 */
import { beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { BrowserContext, Page } from "playwright-core";
import { encodePcm } from "../../src/media/g711.ts";
import type { AgentPhone } from "../../src/phone/index.ts";
import { getAgentPhoneLeg } from "../../src/phone/index.ts";
import { insertUser, textOf } from "../support/browser.ts";
import { browserKit } from "../support/e2e.ts";
import { inboundPackets, trackPeers, within } from "./voice-kit.ts";

setDefaultTimeout(30_000);
const kit = browserKit();
let context: BrowserContext;
let agentId: string;

beforeEach(async () => {
  agentId = await insertUser(kit.app.deps.db, { username: "ann", fullName: "Ann Agent" });
  context = await kit.signedIn(agentId);
  await trackPeers(context);
  // Test-only: keep the page's sockets reachable too; the island itself exposes none.
  await context.addInitScript(() => {
    const NativeSocket = window.WebSocket;
    const sockets: WebSocket[] = [];
    Object.defineProperty(window, "__sockets", { value: sockets });
    window.WebSocket = class extends NativeSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  });
});

/** A 440 Hz tone as 20 ms frames in the phone's codec, played in real time while `playing` is true. */
function playTone(phone: AgentPhone): () => void {
  const samples = Int16Array.from({ length: 8000 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
  let n = 0;
  const timer = setInterval(() => {
    const at = (n % 50) * 160;
    const payload = encodePcm(samples.subarray(at, at + 160), phone.codec);
    phone.sendFrame({ codec: phone.codec, payload, source: 1, timestamp: n * 160, marker: n === 0 });
    n++;
  }, 20);
  return () => clearInterval(timer);
}

/** Audio both ways on the current connection: over 50 packets at the browser and over 50 frames at the leg. */
async function expectAudioBothWays(page: Page, phone: AgentPhone): Promise<void> {
  let fromBrowser = 0;
  phone.onFrame(() => fromBrowser++);
  const stop = playTone(phone);
  try {
    await within(
      "over 50 packets at the browser and 50 frames at the leg",
      8_000,
      async () => fromBrowser > 50 && (await inboundPackets(page)) > 50,
    );
  } finally {
    stop();
    phone.onFrame(null);
  }
}

describe("browser phone media", () => {
  test("the console's phone becomes ready with the fake microphone, audio flows both ways, and again after a reload", async () => {
    const page = await context.newPage();
    await page.goto(`${kit.app.url}/console`);
    const status = page.locator("#phone").getByRole("status");
    await within("Phone ready", 10_000, async () => (await textOf(status)) === "Phone ready");
    expect(await page.getByText("Calls are not offered to you").isVisible()).toBe(false);
    expect(await page.getByLabel("Microphone").locator("option").count()).toBeGreaterThan(1);

    const phone = getAgentPhoneLeg(kit.app.deps, agentId);
    if (!phone) throw new Error("the agent has no phone leg");
    expect(phone.state).toBe("ready");
    expect(phone.codec).toBe("PCMU");
    await expectAudioBothWays(page, phone);

    await page.reload();
    await within("Phone ready after the reload", 10_000, async () => (await textOf(status)) === "Phone ready");
    expect(getAgentPhoneLeg(kit.app.deps, agentId)).toBe(phone);
    await expectAudioBothWays(page, phone);
  });

  test("a second window takes the phone over; the first says so and offers to take it back", async () => {
    const first = await context.newPage();
    await first.goto(`${kit.app.url}/console`);
    const firstStatus = first.locator("#phone").getByRole("status");
    await within("Phone ready", 10_000, async () => (await textOf(firstStatus)) === "Phone ready");
    const second = await context.newPage();
    await second.goto(`${kit.app.url}/console`);
    await within(
      "the second window ready",
      10_000,
      async () => (await textOf(second.locator("#phone").getByRole("status"))) === "Phone ready",
    );
    expect(await textOf(firstStatus)).toBe("The phone is open in another window.");
    expect(await second.getByRole("button", { name: "Use the phone here" }).isVisible()).toBe(false);
    await first.getByRole("button", { name: "Use the phone here" }).click();
    await within("the first window ready again", 10_000, async () => (await textOf(firstStatus)) === "Phone ready");
  });

  test("without microphone permission the phone says so, and that calls are not offered, and does not register", async () => {
    // The fake UI grants every request; this page's browser refuses instead, as after a "Block".
    await context.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException("Permission denied", "NotAllowedError"));
    });
    const page = await context.newPage();
    await page.goto(`${kit.app.url}/console`);
    const status = page.locator("#phone").getByRole("status");
    await within("the refusal shown", 5_000, async () => (await textOf(status)) === "No microphone permission");
    expect(await textOf(page.locator("#phone-no-calls"))).toBe("Calls are not offered to you while your phone is not ready.");
    expect(getAgentPhoneLeg(kit.app.deps, agentId)).toBeNull();
  });

  test("a dropped signalling connection comes back by itself and media with it", async () => {
    const page = await context.newPage();
    await page.goto(`${kit.app.url}/console`);
    const status = page.locator("#phone").getByRole("status");
    await within("Phone ready", 10_000, async () => (await textOf(status)) === "Phone ready");
    const phone = getAgentPhoneLeg(kit.app.deps, agentId);
    await page.evaluate(() => (window as unknown as { __sockets: WebSocket[] }).__sockets.at(-1)?.close());
    await within("the drop noticed", 5_000, () => phone?.state === "away");
    await within("Phone ready again", 10_000, async () => (await textOf(status)) === "Phone ready");
    expect(getAgentPhoneLeg(kit.app.deps, agentId)).toBe(phone);
    expect(phone?.state).toBe("ready");
  });
});
