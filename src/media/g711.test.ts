import { describe, expect, test } from "bun:test";
import { alaw, mulaw } from "alawmulaw";
import { codecForStaticType, decodeToPcm, encodePcm, silence, transcode } from "./g711.ts";

const everyOctet = Uint8Array.from({ length: 256 }, (_, i) => i);

describe("G.711", () => {
  test("µ-law → A-law gives what alawmulaw's decode and encode give, octet for octet", () => {
    expect([...transcode(everyOctet, "PCMU", "PCMA")]).toEqual([...alaw.encode(mulaw.decode(everyOctet))]);
    expect([...transcode(everyOctet, "PCMA", "PCMU")]).toEqual([...mulaw.encode(alaw.decode(everyOctet))]);
  });

  test("a µ-law → A-law → µ-law round trip stays within a few percent of every sample", () => {
    const back = decodeToPcm(transcode(transcode(everyOctet, "PCMU", "PCMA"), "PCMA", "PCMU"), "PCMU");
    const original = decodeToPcm(everyOctet, "PCMU");
    original.forEach((sample, i) => {
      expect(Math.abs((back[i] as number) - sample)).toBeLessThanOrEqual(Math.max(16, Math.abs(sample) * 0.07));
    });
  });

  test("same codec on both legs: the payload passes through untouched, without a copy", () => {
    const payload = new Uint8Array(160).fill(0x55);
    expect(transcode(payload, "PCMA", "PCMA")).toBe(payload);
  });

  test("silence decodes to (near) zero in both laws and is one shared frame per size", () => {
    for (const codec of ["PCMU", "PCMA"] as const) {
      const frame = silence(codec, 160);
      expect(frame).toHaveLength(160);
      expect(Math.max(...decodeToPcm(frame, codec).map(Math.abs))).toBeLessThanOrEqual(8);
      expect(silence(codec, 160)).toBe(frame);
    }
  });

  test("a 1 kHz tone survives encoding in both laws (signal-to-noise above 30 dB)", () => {
    const tone = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
    for (const codec of ["PCMU", "PCMA"] as const) {
      const decoded = decodeToPcm(encodePcm(tone, codec), codec);
      const signal = tone.reduce((s, v) => s + v * v, 0);
      const noise = tone.reduce((s, v, i) => s + (v - (decoded[i] as number)) ** 2, 0);
      expect(10 * Math.log10(signal / noise)).toBeGreaterThan(30);
    }
  });

  test("static payload types 0 and 8 are PCMU and PCMA; others are not G.711", () => {
    expect([codecForStaticType(0), codecForStaticType(8), codecForStaticType(18)]).toEqual(["PCMU", "PCMA", null]);
  });
});
