import { describe, expect, test } from "bun:test";
import { looksLikeRtcp, parseRtp, type RtpPacketInit, serializeAudioRtp, serializeRtp } from "./rtp-packet.ts";

const base: RtpPacketInit = {
  marker: false,
  payloadType: 0,
  sequence: 0xfffe,
  timestamp: 0xfffffff0,
  ssrc: 0xdeadbeef,
  payload: new Uint8Array(160).fill(0x7f),
};

const roundTrip = (init: RtpPacketInit) => {
  const parsed = parseRtp(serializeRtp(init));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe("RTP packets (RFC 3550 §5.1)", () => {
  test("the media path's audio writer gives the same octets as the general one, wide values masked alike", () => {
    for (const header of [
      { marker: true, sequence: 0xfffe, timestamp: 0xfffffff0, ssrc: 0xdeadbeef },
      { marker: false, sequence: 0x1ffff, timestamp: 2 ** 32 + 5, ssrc: 1 },
    ]) {
      for (const payloadType of [0, 8, 101, 0xff]) {
        const payload = new Uint8Array(160).map((_, i) => i);
        expect(serializeAudioRtp(header, payloadType, payload)).toEqual(serializeRtp({ ...header, payloadType, payload }));
      }
    }
  });

  test("a plain G.711 packet keeps every header field and its 160-byte payload", () => {
    const bytes = serializeRtp({ ...base, marker: true, payloadType: 8 });
    expect(bytes.length).toBe(172);
    expect(bytes[0]).toBe(0x80);
    expect(roundTrip({ ...base, marker: true, payloadType: 8 })).toMatchObject({
      marker: true,
      payloadType: 8,
      sequence: 0xfffe,
      timestamp: 0xfffffff0,
      ssrc: 0xdeadbeef,
      csrcs: [],
      extension: null,
      padding: 0,
    });
  });

  test("CSRCs, a header extension and padding survive the round trip and are kept out of the payload", () => {
    const extension = { profile: 0xbede, data: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) };
    const packet = roundTrip({ ...base, csrcs: [1, 0xffffffff], extension, padding: 3, payload: new Uint8Array([9, 9]) });
    expect(packet.csrcs).toEqual([1, 0xffffffff]);
    expect(packet.extension?.profile).toBe(0xbede);
    expect([...(packet.extension?.data ?? [])]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(packet.padding).toBe(3);
    expect([...packet.payload]).toEqual([9, 9]);
  });

  test("out-of-range numbers are masked to their field widths", () => {
    const packet = roundTrip({ ...base, payloadType: 200, sequence: 0x1_0005, timestamp: 2 ** 32 + 7, ssrc: -1 });
    expect(packet).toMatchObject({ payloadType: 200 & 0x7f, sequence: 5, timestamp: 7, ssrc: 0xffffffff });
  });

  test.each([
    ["empty", []],
    ["shorter than the header", [0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]],
    ["version 1", [0x40, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]],
    ["CSRC count past the end", [0x8f, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]],
    ["extension header past the end", [0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde]],
    ["extension length past the end", [0x90, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xbe, 0xde, 0, 9, 1, 2, 3, 4]],
    ["padding of zero", [0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0]],
    ["padding longer than the packet", [0xa0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 40]],
  ])("malformed: %s is an error, not an exception", (_name, bytes) => {
    const parsed = parseRtp(new Uint8Array(bytes));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.length).toBeGreaterThan(0);
  });

  test("RTCP is told apart from RTP by its packet type (RFC 5761 §4)", () => {
    expect(looksLikeRtcp(new Uint8Array([0x81, 201, 0, 1]))).toBe(true);
    expect(looksLikeRtcp(serializeRtp({ ...base, marker: true, payloadType: 0 }))).toBe(false);
    expect(looksLikeRtcp(serializeRtp({ ...base, payloadType: 101 }))).toBe(false);
  });
});
