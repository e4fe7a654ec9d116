import { afterEach, describe, expect, test } from "bun:test";
import { silentLogger } from "../shared/index.ts";
import { AudioClip, ClipPlayer } from "./audio-clip.ts";
import { Bridge } from "./bridge.ts";
import { transcode } from "./g711.ts";
import type { AudioFrame, G711Codec } from "./leg.ts";
import { PortPool } from "./port-pool.ts";
import { RtpLeg, type RtpLegMedia } from "./rtp-leg.ts";
import { RtpTestPeer } from "../../tests/support/rtp-peer.ts";
import { ManualScheduler } from "./scheduler.ts";
import { buildWav } from "./wav.ts";

const pool = new PortPool({ first: 42400, last: 42499 });
const opened: { close(): void }[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

async function legTo(far: RtpTestPeer, scheduler: ManualScheduler, codec: G711Codec = "PCMU", extra: Partial<RtpLegMedia> = {}) {
  const leg = await RtpLeg.open({ pool, host: "127.0.0.1", scheduler, log: silentLogger });
  if (!leg.ok) throw new Error(leg.error);
  opened.push(leg.value);
  const payloadType = codec === "PCMU" ? 0 : 8;
  leg.value.apply({
    codec,
    payloadType,
    dtmfPayloadType: 101,
    direction: "sendrecv",
    remote: { address: far.address, port: far.port },
    ...extra,
  });
  return leg.value;
}

async function peer() {
  const p = await RtpTestPeer.open();
  opened.push(p);
  return p;
}

const frame = (fill: number, source = 1, timestamp = 0): AudioFrame => ({
  codec: "PCMU",
  payload: new Uint8Array(160).fill(fill),
  source,
  timestamp,
  marker: false,
});

describe("RTP leg over real UDP", () => {
  test("frames go out in the negotiated payload type under the leg's own SSRC; received ones come back as frames", async () => {
    const scheduler = new ManualScheduler();
    const far = await peer();
    const leg = await legTo(far, scheduler, "PCMA");
    const got: AudioFrame[] = [];
    leg.onFrame((f) => got.push(f));
    leg.sendFrame(frame(0x33));
    far.send(leg.port, new Uint8Array(160).fill(0x44), 8);
    far.send(leg.port, new Uint8Array(20), 13); // comfort noise: not ours to play
    await far.waitFor(1);
    const deadline = performance.now() + 2000;
    while (leg.stats().received.packets < 2 && performance.now() < deadline) await Bun.sleep(2);
    expect(far.received[0]).toMatchObject({ payloadType: 8, payload: transcode(new Uint8Array(160).fill(0x33), "PCMU", "PCMA") });
    expect(got).toEqual([{ codec: "PCMA", payload: new Uint8Array(160).fill(0x44), source: far.ssrc, timestamp: 160_000, marker: false }]);
    expect(leg.stats().received).toMatchObject({ packets: 2, discarded: 1 });
  });

  test("while the far end holds us (we are recvonly) and after close, nothing is sent", async () => {
    const scheduler = new ManualScheduler();
    const far = await peer();
    const leg = await legTo(far, scheduler, "PCMU", { direction: "recvonly" });
    leg.sendFrame(frame(1));
    leg.sendDtmf("1");
    scheduler.advance(200);
    leg.apply({ ...leg.media, direction: "sendrecv" });
    leg.sendFrame(frame(2));
    await far.waitFor(1);
    leg.close();
    leg.sendFrame(frame(3));
    expect(leg.closed).toBe(true);
    expect(far.received.map((p) => p.payload[0])).toEqual([2]);
  });

  test("hold and resume swap what the caller hears inside one continuous stream: one SSRC, no sequence gap, time moving on", async () => {
    const scheduler = new ManualScheduler();
    const [caller, agent] = [await peer(), await peer()];
    const [a, b] = [await legTo(caller, scheduler), await legTo(agent, scheduler)];
    const bridge = new Bridge(a, b, { scheduler });
    const music = AudioClip.fromWav(buildWav(new Uint8Array(1600).fill(0x42), "mulaw", 8000));
    if (!music.ok) throw new Error(music.error);
    const say = async (n: number, fill: number) => {
      for (let i = 0; i < n; i++) {
        agent.send(b.port, new Uint8Array(160).fill(fill));
        await caller.waitFor(caller.received.length + 1);
        scheduler.advance(20);
      }
    };
    await say(5, 0x11);
    bridge.hold("a", new ClipPlayer(music.value, true));
    scheduler.advance(100);
    await caller.waitFor(10);
    bridge.resume("a");
    await say(5, 0x22);
    const got = caller.received;
    expect(got.map((p) => p.payload[0])).toEqual([...Array(5).fill(0x11), ...Array(5).fill(0x42), ...Array(5).fill(0x22)]);
    expect(new Set(got.map((p) => p.ssrc)).size).toBe(1);
    expect(got.slice(1).map((p, i) => (p.sequence - got[i]!.sequence) & 0xffff)).toEqual(Array(14).fill(1));
    // The music starts on the scheduler's next beat, 40 ms after the agent's last frame: the timestamps say so.
    expect(got.slice(1).map((p, i) => (p.timestamp - got[i]!.timestamp) >>> 0)).toEqual([
      ...Array(4).fill(160),
      320,
      ...Array(9).fill(160),
    ]);
    expect(got.map((p, i) => (p.marker ? i : -1)).filter((i) => i >= 0)).toEqual([0, 5, 10]);
  });
});
