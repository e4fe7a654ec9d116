import { afterEach, describe, expect, test } from "bun:test";
import { silentLogger } from "../shared/index.ts";
import {
  DtmfDetector,
  digitOfEvent,
  eventOfDigit,
  eventPackets,
  isDtmfDigit,
  parseTelephoneEvent,
  serializeTelephoneEvent,
} from "./dtmf.ts";
import { DtmfSender } from "./dtmf-sender.ts";
import type { DtmfDigit } from "./leg.ts";
import { PortPool } from "./port-pool.ts";
import { RtpLeg } from "./rtp-leg.ts";
import { ManualScheduler } from "./scheduler.ts";

const events = (digit: DtmfDigit, ms: number) =>
  eventPackets(digit, ms).map((p) => {
    const parsed = parseTelephoneEvent(p.payload);
    if (!parsed.ok) throw new Error(parsed.error);
    return { ...parsed.value, marker: p.marker };
  });

describe("RFC 4733 telephone-events", () => {
  test("a 100 ms digit: start with the marker, updates every 20 ms, then the end packet three times", () => {
    const packets = events("5", 100);
    expect(packets.map((p) => p.duration)).toEqual([160, 320, 480, 640, 800, 800, 800]);
    expect(packets.map((p) => p.end)).toEqual([false, false, false, false, true, true, true]);
    expect(packets.map((p) => p.marker)).toEqual([true, false, false, false, false, false, false]);
    expect(new Set(packets.map((p) => p.event))).toEqual(new Set([5]));
  });

  test("durations are kept between 40 ms and 5 s", () => {
    expect(events("1", 5).map((p) => p.duration)).toEqual([160, 320, 320, 320]);
    expect(events("1", 60_000).at(-1)?.duration).toBe(40_000);
  });

  test("the payload reads back: event, end bit, volume, duration", () => {
    const payload = serializeTelephoneEvent({ event: 11, end: true, volume: 63, duration: 0xffff });
    expect([...payload]).toEqual([11, 0xbf, 0xff, 0xff]);
    expect(parseTelephoneEvent(payload)).toEqual({ ok: true, value: { event: 11, end: true, volume: 63, duration: 0xffff } });
    expect(parseTelephoneEvent(new Uint8Array(3)).ok).toBe(false);
  });

  test("digits map to events 0–15 and back; other events are not digits", () => {
    expect(["0", "9", "*", "#", "A", "D"].map((d) => eventOfDigit(d as DtmfDigit))).toEqual([0, 9, 10, 11, 12, 15]);
    expect([digitOfEvent(11), digitOfEvent(16), digitOfEvent(255)]).toEqual(["#", null, null]);
    expect([isDtmfDigit("#"), isDtmfDigit("a"), isDtmfDigit("12"), isDtmfDigit("")]).toEqual([true, false, false, false]);
  });

  test("the detector reports each event once, by its timestamp, including retransmitted ends and reordering", () => {
    const detector = new DtmfDetector();
    const [start, update, end] = eventPackets("8", 60).map((p) => p.payload);
    const seen = [
      detector.feed(1000, start!),
      detector.feed(1000, update!),
      detector.feed(1000, end!),
      detector.feed(1000, end!),
      detector.feed(2000, serializeTelephoneEvent({ event: 2, end: false, volume: 10, duration: 160 })),
      detector.feed(1000, end!),
      detector.feed(3000, serializeTelephoneEvent({ event: 16, end: false, volume: 10, duration: 160 })),
      detector.feed(4000, new Uint8Array(2)),
    ];
    expect(seen).toEqual(["8", null, null, null, "2", null, null, null]);
  });

  test("the sender paces one packet per 20 ms, leaves a 40 ms gap between digits, and stops its timer when done", () => {
    const scheduler = new ManualScheduler();
    const sent: { at: number; timestamp: number; marker: boolean }[] = [];
    let events = 0;
    const sender = new DtmfSender(scheduler, {
      startEvent: () => ++events * 10_000,
      send: (timestamp, p) => sent.push({ at: scheduler.now(), timestamp, marker: p.marker }),
    });
    expect([sender.enqueue("1", 60), sender.enqueue("2", 40)]).toEqual([true, true]);
    scheduler.advance(1000);
    expect(sent.map((s) => s.at)).toEqual([20, 40, 60, 80, 100, 160, 180, 200, 220]);
    expect(sent.map((s) => s.timestamp)).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 20_000, 20_000, 20_000, 20_000]);
    expect(sent.filter((s) => s.marker)).toHaveLength(2);
    expect(scheduler.activeJobs).toBe(0);
    expect(sender.busy).toBe(false);
    expect(Array.from({ length: 40 }, () => sender.enqueue("3", 40)).filter(Boolean)).toHaveLength(32);
    sender.stop();
  });
});

describe("DTMF between two RTP legs over real UDP", () => {
  const pool = new PortPool({ first: 42300, last: 42399 });
  const legs: RtpLeg[] = [];
  afterEach(() => {
    for (const leg of legs.splice(0)) leg.close();
  });

  test("a digit sent by one leg is detected once by the other, and audio waits while it plays", async () => {
    const scheduler = new ManualScheduler();
    const open = async () => {
      const leg = await RtpLeg.open({ pool, host: "127.0.0.1", scheduler, log: silentLogger });
      if (!leg.ok) throw new Error(leg.error);
      legs.push(leg.value);
      return leg.value;
    };
    const [a, b] = [await open(), await open()];
    const media = { codec: "PCMU", payloadType: 0, dtmfPayloadType: 101, direction: "sendrecv" } as const;
    a.apply({ ...media, remote: { address: "127.0.0.1", port: b.port } });
    b.apply({ ...media, remote: { address: "127.0.0.1", port: a.port } });
    const digits: DtmfDigit[] = [];
    let frames = 0;
    b.onDtmf((d) => digits.push(d));
    b.onFrame(() => frames++);
    a.sendDtmf("7", 100);
    a.sendDtmf("#", 40);
    for (let i = 0; i < 20; i++) {
      scheduler.advance(20);
      a.sendFrame({ codec: "PCMU", payload: new Uint8Array(160), source: 1, timestamp: i * 160, marker: false });
    }
    const deadline = performance.now() + 2000;
    while (b.stats().received.packets < 22 && performance.now() < deadline) await Bun.sleep(2);
    expect(digits).toEqual(["7", "#"]);
    // 7 + 4 event packets went out; 9 of the 20 audio frames were offered while a digit played and held back.
    expect(a.stats().sent.packets).toBe(11 + 11);
    expect(frames).toBe(11);
  });
});
