/**
 * Counting and timing of the benchmarks' stamped RTP streams (bench/rtp-bridge.ts, bench/p2.ts). Every
 * 160-byte PCMU payload a far end sends carries the measuring window it was sent in, a marker, its real send
 * time and its index in the stream, so the receiver can count losses (and gaps in the index) and measure jitter
 * three ways, RFC 3550 §6.4.1 style (J += (|D| − J) / 16):
 *  - added jitter: D taken against the real send times, so the sender's own pacing wobble is left out;
 *  - receiver jitter: D taken against the RTP timestamps of the packets received, as a phone would see it;
 *  - pacing jitter: the sender's own wobble, its send times against the 20 ms grid.
 * Only packets sent in window 1 (the measured seconds) count.
 */

/** |D| (added-jitter transit difference between consecutive packets) in 0.1 ms bins, for percentiles. */
export const transitDiffs = new Uint32Array(20_000);

const MARK = 0x53425032; // "SBP2": a stamped frame, not hold music or RTCP
const FRAME_MS = 20;
type Last = { sentAt: number; arrivedAt: number; rtpMs: number };

export class StreamMeter {
  /** What this end sent in window 1. */
  sent = 0;
  /** What this end received of packets sent in window 1. */
  received = 0;
  /** Packets missing between received ones, by their index in the stream. */
  sequenceGaps = 0;
  /** Any stamped frame seen, in any window: the path from the other side is through. */
  heard = 0;
  jitter = 0;
  jitterSum = 0;
  receiverJitter = 0;
  receiverJitterSum = 0;
  pacingJitter = 0;
  pacingJitterSum = 0;
  #index = 0;
  #lastSentAt = 0;
  #lastIndex = -1;
  #last: Last | null = null;

  constructor(private readonly histogram: Uint32Array = transitDiffs) {}

  /** The payload of the next frame, sent in `window` (0 warm-up, 1 measured, 2 after). */
  stamp(window: number): Uint8Array {
    const payload = new Uint8Array(160).fill(0xff);
    const view = new DataView(payload.buffer);
    const sentAt = performance.now();
    view.setUint8(0, window);
    view.setUint32(4, MARK);
    view.setFloat64(8, sentAt);
    view.setUint32(16, this.#index++);
    if (window === 1) {
      this.sent++;
      if (this.#lastSentAt) {
        this.pacingJitter += (Math.abs(sentAt - this.#lastSentAt - FRAME_MS) - this.pacingJitter) / 16;
        this.pacingJitterSum += this.pacingJitter;
      }
      this.#lastSentAt = sentAt;
    }
    return payload;
  }

  /** A payload arrived, in an RTP packet with this timestamp (8 kHz). */
  arrived(payload: Uint8Array, rtpTimestamp: number): void {
    if (payload.length < 20) return;
    const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    if (view.getUint32(4) !== MARK) return;
    this.heard++;
    if (view.getUint8(0) !== 1) return;
    const arrivedAt = performance.now();
    const sentAt = view.getFloat64(8);
    const index = view.getUint32(16);
    if (this.#lastIndex >= 0 && index > this.#lastIndex + 1) this.sequenceGaps += index - this.#lastIndex - 1;
    this.#lastIndex = Math.max(this.#lastIndex, index);
    this.received++;
    const rtpMs = rtpTimestamp / 8;
    const last = this.#last;
    if (last) {
      const d = Math.abs(arrivedAt - last.arrivedAt - (sentAt - last.sentAt));
      this.jitter += (d - this.jitter) / 16;
      const bin = Math.min(this.histogram.length - 1, Math.floor(d * 10));
      this.histogram[bin] = (this.histogram[bin] as number) + 1;
      const dRtp = Math.abs(arrivedAt - last.arrivedAt - (rtpMs - last.rtpMs));
      this.receiverJitter += (dRtp - this.receiverJitter) / 16;
    }
    this.jitterSum += this.jitter;
    this.receiverJitterSum += this.receiverJitter;
    this.#last = { sentAt, arrivedAt, rtpMs };
  }
}

/** The p-th percentile of a 0.1 ms histogram, in ms. */
export function histogramPercentile(histogram: Uint32Array, p: number): number {
  const total = histogram.reduce((n, c) => n + c, 0);
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin] as number;
    if (seen >= (p / 100) * total) return (bin + 1) / 10;
  }
  return Number.NaN;
}
