import { describe, expect, test } from "bun:test";
import { parseRtcp, type ReportBlock, serializeReport } from "./rtcp-packet.ts";

const block: ReportBlock = {
  ssrc: 0x01020304,
  fractionLost: 64,
  cumulativeLost: -3,
  highestSequence: 0x0001_0010,
  jitter: 80,
  lastSenderReport: 0xabcd1234,
  delaySinceLastSenderReport: 65536,
};
const sender = { ntpSeconds: 0xe0000000, ntpFraction: 0x80000000, rtpTimestamp: 12345, packetCount: 50, octetCount: 8000 };

describe("RTCP reports (RFC 3550 §6.4)", () => {
  test("an RR with one block, followed by SDES, reads back with loss and jitter", () => {
    const parsed = parseRtcp(serializeReport({ ssrc: 0xcafe, reports: [block], cname: "leg@switchboard" }));
    expect(parsed.ok && parsed.value).toEqual([
      { type: "rr", ssrc: 0xcafe, reports: [block] },
      { type: "other", packetType: 202 },
    ]);
  });

  test("an SR carries the sender's counts and NTP time", () => {
    const parsed = parseRtcp(
      serializeReport({ ssrc: 7, sender, reports: [block, { ...block, ssrc: 9, cumulativeLost: 0x7fffff }], cname: "x" }),
    );
    if (!parsed.ok) throw new Error(parsed.error);
    const [sr] = parsed.value;
    expect(sr).toEqual({ type: "sr", ssrc: 7, sender, reports: [block, { ...block, ssrc: 9, cumulativeLost: 0x7fffff }] });
  });

  test("the compound packet is whole 32-bit words with the lengths each header states", () => {
    const bytes = serializeReport({ ssrc: 1, reports: [], cname: "abc" });
    expect(bytes.length % 4).toBe(0);
    expect((bytes[2]! << 8) | bytes[3]!).toBe(1); // RR with no blocks: 8 octets
    expect(bytes[9]).toBe(202);
  });

  test("a BYE lists the sources leaving", () => {
    const bye = new Uint8Array([0x82, 203, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(parseRtcp(bye)).toEqual({ ok: true, value: [{ type: "bye", ssrcs: [1, 2] }] });
  });

  test.each([
    ["empty", []],
    ["a truncated header", [0x80, 201]],
    ["version 0", [0x00, 201, 0, 1, 0, 0, 0, 1]],
    ["a length past the end", [0x80, 201, 0, 5, 0, 0, 0, 1]],
    ["report blocks past the packet", [0x82, 201, 0, 1, 0, 0, 0, 1]],
    ["BYE sources past the packet", [0x83, 203, 0, 1, 0, 0, 0, 1]],
    ["padding before the last packet", [0xa0, 201, 0, 1, 0, 0, 0, 1, 0x80, 201, 0, 1, 0, 0, 0, 2]],
  ])("malformed: %s is an error, not an exception", (_name, bytes) => {
    expect(parseRtcp(new Uint8Array(bytes)).ok).toBe(false);
  });
});
