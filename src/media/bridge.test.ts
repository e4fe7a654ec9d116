import { describe, expect, test } from "bun:test";
import { AudioClip, ClipPlayer } from "./audio-clip.ts";
import { Bridge } from "./bridge.ts";
import { transcode } from "./g711.ts";
import { buildWav } from "./wav.ts";
import type { AudioFrame, DtmfDigit, G711Codec, LegStats, MediaLeg } from "./leg.ts";
import { ManualScheduler } from "./scheduler.ts";

/** An in-memory leg: what the bridge sends is kept, and the test plays the far end's frames and digits. */
class FakeLeg implements MediaLeg {
  readonly kind = "rtp";
  readonly sent: AudioFrame[] = [];
  readonly digits: DtmfDigit[] = [];
  closed = false;
  #frame: ((f: AudioFrame) => void) | null = null;
  #dtmf: ((d: DtmfDigit) => void) | null = null;
  constructor(
    readonly id: string,
    readonly codec: G711Codec = "PCMU",
  ) {}
  sendFrame(frame: AudioFrame) {
    this.sent.push(frame);
  }
  sendDtmf(digit: DtmfDigit) {
    this.digits.push(digit);
  }
  onFrame(listener: ((f: AudioFrame) => void) | null) {
    this.#frame = listener;
  }
  onDtmf(listener: ((d: DtmfDigit) => void) | null) {
    this.#dtmf = listener;
  }
  stats(): LegStats {
    const none = { packets: 0, bytes: 0, lost: 0, jitterMs: 0, discarded: 0, lastPacketAt: null };
    return { received: none, sent: { packets: this.sent.length, bytes: 0, errors: 0 } };
  }
  close() {
    this.closed = true;
  }
  /** The far end says something. */
  say(fill: number, timestamp = 0) {
    this.#frame?.({ codec: this.codec, payload: new Uint8Array(160).fill(fill), source: 99, timestamp, marker: false });
  }
  press(digit: DtmfDigit) {
    this.#dtmf?.(digit);
  }
}

const tune = () => {
  const clip = AudioClip.fromWav(buildWav(new Uint8Array(320).fill(0x42), "mulaw", 8000));
  if (!clip.ok) throw new Error(clip.error);
  return clip.value;
};

function setup(codecA: G711Codec = "PCMU", codecB: G711Codec = "PCMU") {
  const scheduler = new ManualScheduler();
  const [a, b] = [new FakeLeg("a", codecA), new FakeLeg("b", codecB)];
  return { scheduler, a, b, bridge: new Bridge(a, b, { scheduler }) };
}

describe("bridge", () => {
  test("frames go across both ways unchanged when both legs speak the same law", () => {
    const { a, b, bridge } = setup();
    a.say(1);
    b.say(2);
    b.say(3);
    expect(b.sent.map((f) => f.payload[0])).toEqual([1]);
    expect(a.sent.map((f) => f.payload[0])).toEqual([2, 3]);
    expect(bridge.stats()).toMatchObject({ aToB: { forwarded: 1, transcoded: 0 }, bToA: { forwarded: 2, transcoded: 0 } });
  });

  test("PCMU ↔ PCMA legs: each frame is transcoded into the listener's law, and counted", () => {
    const { a, b, bridge } = setup("PCMU", "PCMA");
    a.say(0x10);
    b.say(0x20);
    expect(b.sent[0]).toMatchObject({ codec: "PCMA", payload: transcode(new Uint8Array(160).fill(0x10), "PCMU", "PCMA") });
    expect(a.sent[0]).toMatchObject({ codec: "PCMU", payload: transcode(new Uint8Array(160).fill(0x20), "PCMA", "PCMU") });
    expect(bridge.stats()).toMatchObject({ aToB: { transcoded: 1 }, bToA: { transcoded: 1 } });
  });

  test("hold: the held side hears music every 20 ms instead of the other side, and is not heard; resume undoes both", () => {
    const { scheduler, a, b, bridge } = setup();
    bridge.hold("a", new ClipPlayer(tune(), true));
    scheduler.advance(60);
    b.say(7);
    a.say(8);
    expect(a.sent.map((f) => f.payload[0])).toEqual([0x42, 0x42, 0x42]);
    expect(b.sent).toHaveLength(0);
    expect(bridge.isHeld("a")).toBe(true);
    bridge.resume("a");
    scheduler.advance(60);
    b.say(9);
    a.say(10);
    expect(a.sent.map((f) => f.payload[0])).toEqual([0x42, 0x42, 0x42, 9]);
    expect(b.sent.map((f) => f.payload[0])).toEqual([10]);
    expect(bridge.stats()).toMatchObject({ bToA: { played: 3, replaced: 1, forwarded: 1 }, aToB: { muted: 1, forwarded: 1 } });
    expect(scheduler.activeJobs).toBe(0);
  });

  test("an announcement plays to its end, then the other side is heard again and onEnded runs", () => {
    const { scheduler, a, b, bridge } = setup();
    let ended = 0;
    bridge.play("b", new ClipPlayer(tune(), false), () => ended++);
    scheduler.advance(100);
    a.say(5);
    expect(b.sent.map((f) => f.payload[0])).toEqual([0x42, 0x42, 5]);
    expect(ended).toBe(1);
  });

  test("mute: drop sends nothing, silence sends silence in the listener's law; unmute restores", () => {
    const { a, b, bridge } = setup("PCMA", "PCMU");
    bridge.mute("a", "drop");
    a.say(1);
    bridge.mute("a", "silence");
    a.say(2);
    bridge.mute("a", null);
    a.say(3);
    expect(b.sent.map((f) => [...new Set(f.payload)])).toEqual([[0xff], [...new Set(transcode(new Uint8Array([3]), "PCMA", "PCMU"))]]);
    expect(bridge.stats().aToB).toMatchObject({ muted: 2, forwarded: 2 });
  });

  test("DTMF: digits are reported with their side and relayed, except from a muted or held side", () => {
    const { a, b, bridge } = setup();
    const heard: string[] = [];
    bridge.onDtmf((side, digit) => heard.push(`${side}:${digit}`));
    a.press("5");
    b.press("#");
    bridge.mute("a", "drop");
    a.press("1");
    bridge.sendDtmf("a", "9");
    expect(heard).toEqual(["a:5", "b:#", "a:1"]);
    expect(b.digits).toEqual(["5"]);
    expect(a.digits).toEqual(["#", "9"]);
    expect(bridge.stats()).toMatchObject({ aToB: { dtmfRelayed: 1 }, bToA: { dtmfRelayed: 1 } });
  });

  test("the recorder tap hears each side after mute and hold, labelled by side", () => {
    const { a, b, bridge } = setup();
    const recorded: string[] = [];
    bridge.setRecorder({ frame: (side, f) => recorded.push(`${side}${f.payload[0]}`) });
    a.say(1);
    b.say(2);
    bridge.mute("b", "drop");
    b.say(3);
    bridge.setRecorder(null);
    a.say(4);
    expect(recorded).toEqual(["a1", "b2"]);
  });

  test("close detaches from both legs and stops the music, leaving the legs open", () => {
    const { scheduler, a, b, bridge } = setup();
    bridge.hold("b", new ClipPlayer(tune(), true));
    bridge.close();
    a.say(1);
    scheduler.advance(100);
    bridge.hold("b", new ClipPlayer(tune(), true));
    expect([a.sent.length, b.sent.length, scheduler.activeJobs]).toEqual([0, 0, 0]);
    expect([a.closed, b.closed]).toEqual([false, false]);
  });
});
