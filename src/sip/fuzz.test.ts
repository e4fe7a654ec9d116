import { describe, expect, test } from "bun:test";
import { classify } from "./classify.ts";
import { parseDatagram } from "./parse.ts";
import { createResponse } from "./response.ts";
import { SAMPLE_MESSAGES, sampleBytes } from "./sample-messages.ts";
import { serializeMessage } from "./serialize.ts";
import { StreamFramer } from "./stream-framer.ts";

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

const SPECIAL = [...' \t\r\n\0"<>,;:%[]\\@=?/', "\u00ff"].map((c) => c.charCodeAt(0));

function mutate(input: Uint8Array, rnd: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rnd() * n);
  const bytes = [...input];
  const kind = pick(5);
  if (kind === 0) for (let i = 0, n = 1 + pick(8); i < n; i++) bytes[pick(bytes.length)] = pick(256);
  if (kind === 1) for (let i = 0, n = 1 + pick(4); i < n; i++) bytes.splice(pick(bytes.length), 0, SPECIAL[pick(SPECIAL.length)] ?? 0);
  if (kind === 2) return new Uint8Array(bytes.slice(0, pick(bytes.length)));
  const text = new TextDecoder("latin1").decode(input).split("\r\n");
  if (kind === 3) {
    const at = pick(text.length);
    text.splice(at, 0, text[at] ?? "");
  }
  if (kind === 4) text.splice(pick(text.length), 1);
  if (kind >= 3) return new Uint8Array([...text.join("\r\n")].map((c) => c.charCodeAt(0)));
  return new Uint8Array(bytes);
}

describe("fuzzing the parser with mutated valid messages", () => {
  test("2,000 mutations: parse, classify and answer never throw; what parses also reparses", () => {
    const rnd = seeded(4475);
    const names = Object.keys(SAMPLE_MESSAGES);
    const counts = { parsed: 0, failed: 0 };
    for (let i = 0; i < 2_000; i++) {
      const input = mutate(sampleBytes(names[i % names.length] ?? "invite"), rnd);
      const result = parseDatagram(input);
      const verdict = classify(result);
      counts[result.ok ? "parsed" : "failed"]++;
      if (verdict.action === "respond") {
        const head = result.ok ? (result.message.kind === "request" ? result.message : undefined) : result.error.request;
        expect(head, `iteration ${i}`).toBeDefined();
        if (head) serializeMessage(createResponse(head, verdict.status, { reason: verdict.reason, headers: verdict.headers }));
      }
      if (result.ok) {
        const again = parseDatagram(serializeMessage(result.message));
        expect(again.ok && again.message.callId, `iteration ${i}`).toBe(result.message.callId);
      } else expect(result.error.reason.length, `iteration ${i}`).toBeGreaterThan(0);
    }
    // Both sides must be exercised, or the mutations are too gentle (or too brutal) to mean anything.
    expect(counts.parsed).toBeGreaterThan(200);
    expect(counts.failed).toBeGreaterThan(200);
  });

  test("the stream framer survives the same mutations cut into random chunks", () => {
    const rnd = seeded(3261);
    const names = Object.keys(SAMPLE_MESSAGES);
    for (let i = 0; i < 500; i++) {
      const framer = new StreamFramer();
      const input = mutate(sampleBytes(names[i % names.length] ?? "invite"), rnd);
      for (let at = 0; at < input.length; ) {
        const size = 1 + Math.floor(rnd() * 64);
        for (const r of framer.push(input.subarray(at, at + size))) classify(r);
        at += size;
      }
    }
  });

  test("shapes that make naive patterns backtrack parse in linear time", () => {
    const head = [
      "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1",
      "From: <sip:a@example.com>;tag=1",
      "To: <sip:b@example.com>",
      "Call-ID: c1",
      "CSeq: 1 OPTIONS",
    ];
    const limits = { maxMessageBytes: 65_535, maxHeaders: 128, maxHeaderLength: 65_535 };
    const shapes = [
      ["OPTIONS sip:b@example.com SIP/2.0", ...head, `X-Spaces: x${" ".repeat(60_000)}x`],
      [`OPTIONS tel:${"1".repeat(20_000)}! SIP/2.0`, ...head],
      ["OPTIONS sip:b@example.com SIP/2.0", ...head, "X-Folded: a", ...Array<string>(15_000).fill(" a")],
      [`OPTIONS sip:${"a".repeat(250)}.${"-".repeat(3_000)}x SIP/2.0`, ...head],
    ];
    for (const lines of shapes) {
      const started = performance.now();
      parseDatagram(new TextEncoder().encode(`${lines.join("\r\n")}\r\n\r\n`), limits);
      // Quadratic trimming or matching takes seconds on these; linear parsing takes milliseconds.
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });
});
