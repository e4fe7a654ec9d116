import { describe, expect, test } from "bun:test";
import { ReceiveStatistics } from "./receive-stats.ts";

/** Feeds packets sampled 20 ms apart, each arriving on time unless `arrival` says otherwise. */
function feed(stats: ReceiveStatistics, sequences: number[], ssrc = 1, arrival = (seq: number, _i: number) => seq * 20): void {
  sequences.forEach((seq, i) => {
    stats.record(seq & 0xffff, seq * 160, ssrc, 160, arrival(seq, i));
  });
}

describe("receive statistics (RFC 3550 A.1, A.3, A.8)", () => {
  test("gaps in the sequence count as lost; packets and octets are counted", () => {
    const stats = new ReceiveStatistics();
    feed(stats, [100, 101, 102, 104, 105, 107, 108, 109]);
    expect(stats.snapshot()).toMatchObject({ packets: 8, bytes: 1280, lost: 2, jitterMs: 0 });
  });

  test("late (reordered) packets fill their gap; the sequence wraps at 65536 without a loss", () => {
    const stats = new ReceiveStatistics();
    feed(stats, [65533, 65535, 65534, 0, 1, 2]);
    expect(stats.lost).toBe(0);
    expect(stats.reportBlock()?.highestSequence).toBe(0x10002);
  });

  test("interarrival jitter follows J += (|D| − J) / 16 in timestamp units", () => {
    const stats = new ReceiveStatistics();
    // Every other packet arrives 4 ms late: each transit difference is 4 ms = 32 timestamp units.
    feed(
      stats,
      Array.from({ length: 50 }, (_, i) => i),
      1,
      (seq) => seq * 20 + (seq % 2) * 4,
    );
    const expected = 32 * (1 - (15 / 16) ** 49);
    expect(stats.snapshot().jitterMs).toBeCloseTo((expected / 8000) * 1000, 6);
    expect(stats.reportBlock()?.jitter).toBe(Math.round(expected));
  });

  test("packets that do not follow the sampling clock (DTMF events) leave jitter alone", () => {
    const stats = new ReceiveStatistics();
    for (let i = 0; i < 20; i++) stats.record(i, 5000, 1, 4, i * 20, false);
    expect(stats.snapshot()).toMatchObject({ packets: 20, jitterMs: 0 });
  });

  test("the report block gives the fraction lost since the previous report, and the total", () => {
    const stats = new ReceiveStatistics();
    feed(stats, [0, 1, 2, 3]);
    expect(stats.reportBlock()).toMatchObject({ ssrc: 1, fractionLost: 0, cumulativeLost: 0 });
    feed(stats, [4, 6, 8, 9]); // expected 6 (4..9), received 4: 2 lost → 2/6 of 256
    expect(stats.reportBlock()).toMatchObject({ fractionLost: Math.floor((2 * 256) / 6), cumulativeLost: 2, highestSequence: 9 });
    expect(stats.reportBlock(0x11112222, 3)).toMatchObject({
      fractionLost: 0,
      lastSenderReport: 0x11112222,
      delaySinceLastSenderReport: 3,
    });
  });

  test("a new SSRC starts a new sequence space and keeps the losses counted before it", () => {
    const stats = new ReceiveStatistics();
    feed(stats, [10, 12], 1);
    feed(stats, [5000, 5001, 5003], 2);
    expect(stats.ssrc).toBe(2);
    expect(stats.lost).toBe(2);
  });

  test("a wild jump in sequence is believed only when the next packet follows it", () => {
    const stats = new ReceiveStatistics();
    feed(stats, [1, 2, 3]);
    expect(stats.record(40000, 0, 1, 160, 100)).toBe(false);
    expect(stats.record(40001, 160, 1, 160, 120)).toBe(true);
    expect(stats.record(40002, 320, 1, 160, 140)).toBe(true);
    expect(stats.snapshot()).toMatchObject({ packets: 5, lost: 0, discarded: 1 });
  });

  test("nothing received yet: no report block, no loss, no last packet time", () => {
    const stats = new ReceiveStatistics();
    expect(stats.reportBlock()).toBeNull();
    expect(stats.snapshot()).toEqual({ packets: 0, bytes: 0, lost: 0, jitterMs: 0, discarded: 0, lastPacketAt: null });
  });
});
