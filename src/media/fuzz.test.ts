import { describe, expect, test } from "bun:test";
import { AudioClip } from "./audio-clip.ts";
import { parseTelephoneEvent } from "./dtmf.ts";
import { parseRtcp, serializeReport } from "./rtcp-packet.ts";
import { parseRtp, serializeRtp } from "./rtp-packet.ts";
import { answerOffer, createOffer, parseSdp, readAnswer } from "./sdp.ts";
import { buildWav } from "./wav.ts";

/** mulberry32: a small seeded generator, so a failure can be replayed from its iteration number. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Flips, overwrites, inserts, deletes or truncates a few octets, favouring the header at the front. */
function mutate(input: Uint8Array, rnd: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rnd() * n);
  const bytes = [...input];
  const near = () => (rnd() < 0.7 ? pick(Math.min(24, bytes.length)) : pick(bytes.length));
  const kind = pick(5);
  for (let i = 0, n = 1 + pick(4); i < n && bytes.length > 0; i++) {
    if (kind === 0) bytes[near()] = pick(256);
    if (kind === 1) bytes[near()] = (bytes[near()] ?? 0) ^ (1 << pick(8));
    if (kind === 2) bytes.splice(near(), 0, pick(256));
    if (kind === 3) bytes.splice(near(), 1 + pick(8));
  }
  return new Uint8Array(kind === 4 ? bytes.slice(0, pick(bytes.length + 1)) : bytes);
}

const RTP_SEEDS = [
  serializeRtp({ marker: true, payloadType: 0, sequence: 1, timestamp: 160, ssrc: 42, payload: new Uint8Array(160) }),
  serializeRtp({
    marker: false,
    payloadType: 101,
    sequence: 2,
    timestamp: 9,
    ssrc: 42,
    csrcs: [1, 2],
    padding: 4,
    payload: new Uint8Array([1, 0x8a, 3, 0]),
  }),
  serializeRtp({
    marker: false,
    payloadType: 8,
    sequence: 3,
    timestamp: 9,
    ssrc: 42,
    extension: { profile: 0xbede, data: new Uint8Array(8) },
    payload: new Uint8Array(4),
  }),
];
const RTCP_SEEDS = [
  serializeReport({ ssrc: 1, reports: [], cname: "a" }),
  serializeReport({
    ssrc: 1,
    sender: { ntpSeconds: 1, ntpFraction: 2, rtpTimestamp: 3, packetCount: 4, octetCount: 5 },
    reports: [
      { ssrc: 2, fractionLost: 1, cumulativeLost: 2, highestSequence: 3, jitter: 4, lastSenderReport: 5, delaySinceLastSenderReport: 6 },
    ],
    cname: "caller@example",
  }),
];
const OFFER = createOffer({ address: "192.0.2.10", port: 30000, sessionId: "1", version: 1 });

describe("fuzzing the media parsers with mutated valid input (fixed seed)", () => {
  test("3,000 RTP and 2,000 RTCP mutations: errors are results, and what parses reads back the same once written", () => {
    const rnd = seeded(3550);
    const counts = { ok: 0, failed: 0 };
    for (let i = 0; i < 3_000; i++) {
      const input = mutate(RTP_SEEDS[i % RTP_SEEDS.length]!, rnd);
      const parsed = parseRtp(input);
      counts[parsed.ok ? "ok" : "failed"]++;
      if (parsed.ok) expect(parseRtp(serializeRtp(parsed.value)), `RTP iteration ${i}`).toEqual(parsed);
      parseTelephoneEvent(input.subarray(12));
    }
    for (let i = 0; i < 2_000; i++) {
      const parsed = parseRtcp(mutate(RTCP_SEEDS[i % RTCP_SEEDS.length]!, rnd));
      counts[parsed.ok ? "ok" : "failed"]++;
    }
    // Both outcomes must be common, or the mutations are too gentle (or too brutal) to mean anything.
    expect(counts.ok).toBeGreaterThan(500);
    expect(counts.failed).toBeGreaterThan(500);
  });

  test("2,000 SDP mutations: parse, answer and read-answer return results and never throw", () => {
    const rnd = seeded(4566);
    const seed = new TextEncoder().encode(OFFER);
    const local = { address: "198.51.100.1", port: 20000, sessionId: "2", version: 1 };
    let answered = 0;
    for (let i = 0; i < 2_000; i++) {
      const text = new TextDecoder().decode(mutate(seed, rnd));
      parseSdp(text);
      readAnswer(text, local);
      if (answerOffer(text, local).ok) answered++;
    }
    expect(answered).toBeGreaterThan(100);
    expect(answered).toBeLessThan(2_000);
  });

  test("500 WAV mutations: a clip or an error, never an exception", () => {
    const rnd = seeded(8000);
    const wav = buildWav(new Uint8Array(800).fill(0xff), "mulaw", 8000);
    let loaded = 0;
    for (let i = 0; i < 500; i++) if (AudioClip.fromWav(mutate(wav, rnd)).ok) loaded++;
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(500);
  });
});
