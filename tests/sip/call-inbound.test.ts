/**
 * FEATURES V2 end to end on loopback: sipp is the provider calling in with RTP from a capture (and echoing
 * what it hears), the appliance queues the call with hold music, and the agent's phone is a werift peer in
 * the browser's place. Audio is counted both ways: capture frames reach the agent's peer; the agent's frames
 * reach sipp, which is seen by their echo coming back on the caller's leg.
 */
import { afterEach, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import type { Call } from "../../src/calls/index.ts";
import type { AudioFrame } from "../../src/media/index.ts";
import { transcode } from "../../src/media/g711.ts";
import { saveSettings } from "../../src/settings/index.ts";
import { DID, connectPhone, type VoiceAppliance, voiceAppliance } from "./voice-setup.ts";
import { pcapSsrc, startCaller } from "./caller.ts";
import { waitFor } from "./support.ts";

setDefaultTimeout(30_000);
let v: VoiceAppliance;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  v = await voiceAppliance();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await v.app.cleanup();
});

const ready = () => v.app.deps.presence.apply(v.agentId, { type: "login", notReady: false });
const offerFor = () => v.app.deps.routing.ringingOffers(v.agentId)[0];
const callOf = (interactionId: string): Call => {
  const call = v.app.calls.find(interactionId);
  if (!call) throw new Error("no call for the interaction");
  return call;
};

function call(scenario: string, pauseMs: number) {
  const caller = startCaller({ scenario, sipPort: v.sipPort, did: DID, pauseMs });
  closers.push(() => caller.kill());
  return caller;
}

/** The agent's peer talks (one frame every 20 ms) until stopped. */
function talk(peer: { sendFrame(fill: number): void }, fill: number): () => void {
  const timer = setInterval(() => peer.sendFrame(fill), 20);
  return () => clearInterval(timer);
}

describe("an inbound trunk call", () => {
  test("is queued with hold music, answered on the agent's phone with audio both ways, and ends when the caller hangs up", async () => {
    saveSettings(v.app.deps.db, { attachedFields: ["Campaign", "Customer Id"] }, Date.now());
    const phone = await connectPhone(v.app, v.agentId);
    closers.push(() => phone.close());
    ready();
    const caller = call("uac-inbound-rtp.xml", 5_000);
    await waitFor(() => offerFor() !== undefined, "the offer", 5_000);
    const offer = offerFor();
    const interaction = v.app.deps.routing.get(offer?.interactionId ?? "");
    expect(interaction).toMatchObject({
      channel: "voice",
      status: "queued",
      customerName: "Carol Caller",
      customerAddress: "+41799999999",
    });
    expect(interaction.attachedData).toBe(JSON.stringify({ "Dialled number": DID, Campaign: "spring", "Customer Id": "4711" }));
    const c = callOf(interaction.id);
    await waitFor(() => c.stats().sent.packets >= 10, "hold music to the caller", 3_000);
    expect(c.bridged).toBe(false);

    v.app.deps.routing.accept(offer?.id ?? "", v.agentId);
    expect(c.state).toBe("connected");
    const echoed: AudioFrame[] = [];
    const captureSsrc = pcapSsrc();
    c.listen({ frame: (side, frame) => side === "a" && frame.source !== captureSsrc && echoed.push(frame) });
    const heardBefore = phone.peer.framesReceived;
    const stop = talk(phone.peer, 0x55);
    closers.push(stop);
    const agentVoice = transcode(new Uint8Array(160).fill(0x55), "PCMU", "PCMA")[0];
    await waitFor(
      () => phone.peer.framesReceived - heardBefore >= 40 && echoed.filter((f) => f.payload[0] === agentVoice).length >= 20,
      "the caller's audio at the agent and the agent's audio echoed by sipp",
      4_000,
    );
    stop();

    expect(await caller.done).toMatchObject({ exitCode: 0, errors: "" });
    await waitFor(() => v.app.calls.activeCalls === 0, "the call to end");
    expect(v.app.deps.routing.get(interaction.id)).toMatchObject({ status: "wrap_up", endReason: "customer-left" });
    expect(c.state).toBe("ended");
  });

  test("a caller who hangs up while queued is abandoned; the hold music had reached sipp", async () => {
    const queued: string[] = [];
    const left: unknown[] = [];
    v.app.deps.bus.subscribe("interaction.queued", (p) => queued.push(String(p.interactionId)));
    v.app.deps.bus.subscribe("queue.left", (p) => left.push(p.reason));
    const caller = call("uac-inbound-rtp.xml", 1_500);
    await waitFor(() => v.app.calls.activeCalls === 1, "the call to be queued", 5_000);
    const interactionId = queued[0] ?? "";
    const c = callOf(interactionId);
    // sipp echoes the music it hears: once the caller's leg receives frames beyond the capture's, it heard it.
    await waitFor(() => c.stats().received.packets > 0 && c.stats().sent.packets >= 25, "hold music sent and echoed", 3_000);
    expect(await caller.done).toMatchObject({ exitCode: 0, errors: "" });
    await waitFor(() => v.app.calls.activeCalls === 0, "the call to end");
    expect(v.app.deps.routing.get(interactionId)).toMatchObject({ status: "ended", endReason: "abandoned" });
    expect(left).toEqual(["abandoned"]);
  });

  test("a provider that vanishes mid-call: RTP sends fail quietly, the call ends after 30 s without media", async () => {
    const phone = await connectPhone(v.app, v.agentId);
    closers.push(() => phone.close());
    ready();
    const caller = call("uac-inbound-hangup.xml", 0);
    await waitFor(() => offerFor() !== undefined, "the offer", 5_000);
    const offer = offerFor();
    v.app.deps.routing.accept(offer?.id ?? "", v.agentId);
    const c = callOf(offer?.interactionId ?? "");
    const stop = talk(phone.peer, 0x55);
    closers.push(stop);
    // Time passes while audio flows: the watchdog sees packets and leaves the call alone.
    for (let i = 0; i < 8; i++) await advanceWithMedia(c, 5_000);
    expect(c.state).toBe("connected");

    caller.kill();
    await caller.done;
    await Bun.sleep(200); // real sends to the closed port, so the ICMP errors come back
    for (let i = 0; i < 5; i++) advance(5_000);
    expect(c.state).toBe("connected");
    advance(5_000);
    expect(c.state).toBe("ended");
    stop();
    expect(c.stats().sent.errors).toBeGreaterThan(0);
    expect(v.app.deps.routing.get(offer?.interactionId ?? "")).toMatchObject({ endReason: "media-timeout" });
    expect((await fetch(`${v.app.url}/healthz`)).status).toBe(200);
  });
});

function advance(ms: number): void {
  v.app.deps.presence.heartbeat(v.agentId);
  v.app.clock.advance(ms);
}

/** Moves the clock once new packets from the caller have arrived, as they would while that time passes. */
async function advanceWithMedia(c: Call, ms: number): Promise<void> {
  const before = c.stats().received.packets;
  await waitFor(() => c.stats().received.packets > before, "more caller packets", 2_000);
  advance(ms);
}
