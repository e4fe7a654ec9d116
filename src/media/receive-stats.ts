import type { ReceiveStats } from "./leg.ts";
import type { ReportBlock } from "./rtcp-packet.ts";

const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
const SEQ_MOD = 0x10000;

/**
 * Reception statistics for one incoming stream, as RFC 3550 appendix A.1 (sequence tracking), A.3 (loss)
 * and A.8 (jitter) describe them. A new SSRC starts a new sequence space; losses counted before it are kept.
 */
export class ReceiveStatistics {
  #packets = 0;
  #bytes = 0;
  #discarded = 0;
  #lastPacketAt: number | null = null;
  #ssrc: number | null = null;
  #baseSeq = 0;
  #maxSeq = 0;
  #cycles = 0;
  #badSeq = -1;
  #received = 0;
  #lostEarlier = 0;
  #expectedPrior = 0;
  #receivedPrior = 0;
  #transit: number | null = null;
  #jitter = 0;

  constructor(private readonly clockRate = 8000) {}

  /**
   * Counts one packet that arrived at `arrivalMs` (a monotonic clock). `timed` is false for packets whose
   * timestamp does not follow the sampling clock (RFC 4733 events keep their start time), so they leave
   * jitter alone. Returns false for a wild sequence jump that needs a second packet to confirm it.
   */
  record(sequence: number, timestamp: number, ssrc: number, bytes: number, arrivalMs: number, timed = true): boolean {
    if (ssrc !== this.#ssrc) this.restart(ssrc, sequence);
    else if (!this.advance(sequence)) {
      this.#discarded++;
      return false;
    }
    this.#received++;
    this.#packets++;
    this.#bytes += bytes;
    this.#lastPacketAt = arrivalMs;
    if (timed) this.updateJitter(timestamp, arrivalMs);
    return true;
  }

  discard(): void {
    this.#discarded++;
  }

  get ssrc(): number | null {
    return this.#ssrc;
  }

  /** Expected minus received over every stream so far; duplicates can offset losses, never below zero. */
  get lost(): number {
    return this.#lostEarlier + Math.max(0, this.expected() - this.#received);
  }

  snapshot(): ReceiveStats {
    return {
      packets: this.#packets,
      bytes: this.#bytes,
      lost: this.lost,
      jitterMs: (this.#jitter / this.clockRate) * 1000,
      discarded: this.#discarded,
      lastPacketAt: this.#lastPacketAt,
    };
  }

  /** The block for our next RTCP report (RFC 3550 A.3); it moves the "since the last report" marks. */
  reportBlock(lastSenderReport = 0, delaySinceLastSenderReport = 0): ReportBlock | null {
    if (this.#ssrc === null) return null;
    const expected = this.expected();
    const expectedInterval = expected - this.#expectedPrior;
    const lostInterval = expectedInterval - (this.#received - this.#receivedPrior);
    this.#expectedPrior = expected;
    this.#receivedPrior = this.#received;
    return {
      ssrc: this.#ssrc,
      fractionLost: expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval),
      cumulativeLost: expected - this.#received,
      highestSequence: (this.#cycles + this.#maxSeq) >>> 0,
      jitter: Math.round(this.#jitter) >>> 0,
      lastSenderReport,
      delaySinceLastSenderReport,
    };
  }

  private expected(): number {
    return this.#ssrc === null ? 0 : this.#cycles + this.#maxSeq - this.#baseSeq + 1;
  }

  private restart(ssrc: number, sequence: number): void {
    if (this.#ssrc !== null) this.#lostEarlier += Math.max(0, this.expected() - this.#received);
    this.#ssrc = ssrc;
    this.resync(sequence);
  }

  private resync(sequence: number): void {
    this.#baseSeq = sequence;
    this.#maxSeq = sequence;
    this.#cycles = 0;
    this.#badSeq = -1;
    this.#received = 0;
    this.#expectedPrior = 0;
    this.#receivedPrior = 0;
    this.#transit = null;
  }

  private advance(sequence: number): boolean {
    const delta = (sequence - this.#maxSeq + SEQ_MOD) % SEQ_MOD;
    if (delta < MAX_DROPOUT) {
      if (sequence < this.#maxSeq) this.#cycles += SEQ_MOD;
      this.#maxSeq = sequence;
    } else if (delta <= SEQ_MOD - MAX_MISORDER) {
      // A big jump: the sender restarted. Believe it only when the next packet follows on from it.
      if (sequence !== this.#badSeq) {
        this.#badSeq = (sequence + 1) % SEQ_MOD;
        return false;
      }
      this.#lostEarlier += Math.max(0, this.expected() - this.#received);
      this.resync(sequence);
    }
    return true;
  }

  private updateJitter(timestamp: number, arrivalMs: number): void {
    const transit = (arrivalMs * this.clockRate) / 1000 - timestamp;
    if (this.#transit !== null) {
      let d = Math.abs(transit - this.#transit);
      // Timestamps wrap at 2^32; a difference near that size is a wrap, not a four-day delay.
      if (d > 0x80000000) d = Math.abs(d - 0x100000000);
      this.#jitter += (d - this.#jitter) / 16;
    }
    this.#transit = transit;
  }
}
