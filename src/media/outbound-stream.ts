/** What to write into one outgoing RTP header. */
export type OutboundHeader = { readonly ssrc: number; readonly sequence: number; readonly timestamp: number; readonly marker: boolean };

/** A jump in a source's timestamps beyond this (5 s at 8 kHz) is taken as a new segment, not as silence. */
const MAX_SOURCE_GAP = 40_000;

const random32 = () => crypto.getRandomValues(new Uint32Array(1))[0] as number;

/**
 * One leg's outgoing RTP stream. Frames arrive from changing sources (the other leg, hold music, another
 * agent after a transfer), each with its own SSRC, sequence and timestamps; the far end must see one stream
 * with one SSRC, consecutive sequence numbers and timestamps that follow real time. So within a source the
 * timestamp advances as the source's did (keeping its silences), and at a switch it advances by the time
 * that really passed, with the marker bit set.
 */
export class OutboundStream {
  readonly ssrc = random32();
  #sequence = random32() & 0xffff;
  #timestamp = random32();
  #source: number | null = null;
  #sourceTimestamp = 0;
  #sentAt: number | null = null;

  constructor(private readonly clockRate = 8000) {}

  /** The header for an audio frame of `samples` samples from `source`, sent at `now` (monotonic ms). */
  audio(source: number, sourceTimestamp: number, marker: boolean, samples: number, now: number): OutboundHeader {
    const delta = this.#source === source ? (sourceTimestamp - this.#sourceTimestamp) | 0 : null;
    if (delta !== null && delta !== 0 && Math.abs(delta) <= MAX_SOURCE_GAP) {
      const timestamp = (this.#timestamp + delta) >>> 0;
      // A reordered packet is passed on in place, without moving the stream back.
      if (delta > 0) this.advanceTo(timestamp, sourceTimestamp, now);
      return this.header(timestamp, marker);
    }
    const timestamp = this.nextSegment(samples, now);
    this.#source = source;
    this.advanceTo(timestamp, sourceTimestamp, now);
    return this.header(timestamp, true);
  }

  /**
   * Starts an RFC 4733 event at `now`: its packets share the returned timestamp. Audio after it starts a new
   * segment, so its timestamps continue past the event's duration.
   */
  startEvent(now: number): number {
    const timestamp = this.nextSegment(1, now);
    this.#source = null;
    this.advanceTo(timestamp, 0, now);
    return timestamp;
  }

  /** The header for one packet of the current event. */
  eventPacket(timestamp: number, marker: boolean): OutboundHeader {
    return this.header(timestamp, marker);
  }

  /** Where the stream's timestamp stands at `now`, for the RTP time in a sender report. */
  timestampAt(now: number): number {
    if (this.#sentAt === null) return this.#timestamp;
    return (this.#timestamp + Math.round(((now - this.#sentAt) * this.clockRate) / 1000)) >>> 0;
  }

  private nextSegment(minimum: number, now: number): number {
    if (this.#sentAt === null) return this.#timestamp;
    const elapsed = Math.round(((now - this.#sentAt) * this.clockRate) / 1000);
    return (this.#timestamp + Math.max(minimum, elapsed)) >>> 0;
  }

  private advanceTo(timestamp: number, sourceTimestamp: number, now: number): void {
    this.#timestamp = timestamp;
    this.#sourceTimestamp = sourceTimestamp;
    this.#sentAt = now;
  }

  private header(timestamp: number, marker: boolean): OutboundHeader {
    const sequence = this.#sequence;
    this.#sequence = (sequence + 1) & 0xffff;
    return { ssrc: this.ssrc, sequence, timestamp, marker };
  }
}
