import { type EventPacket, eventPackets } from "./dtmf.ts";
import { FRAME_MS, type DtmfDigit } from "./leg.ts";
import type { MediaScheduler, Ticker } from "./scheduler.ts";

/** Digits waiting beyond this are refused: a stuck keypad must not queue minutes of tones. */
const MAX_QUEUED = 32;
/** Quiet ticks between two digits (40 ms), so receivers that listen for gaps see two presses. */
const GAP_TICKS = 2;

export type EventSink = {
  /** Starts an event now and returns the RTP timestamp all its packets carry. */
  startEvent(): number;
  send(timestamp: number, packet: EventPacket): void;
};

/** Plays queued digits as RFC 4733 events, one packet per 20 ms, and stops its timer when the queue is empty. */
export class DtmfSender {
  readonly #queue: { digit: DtmfDigit; ms: number }[] = [];
  #ticker: Ticker | null = null;
  #current: { timestamp: number; packets: EventPacket[] } | null = null;
  #gap = 0;

  constructor(
    private readonly scheduler: MediaScheduler,
    private readonly sink: EventSink,
  ) {}

  /** True while an event is being sent: audio is held back meanwhile, as the far end plays the tone instead. */
  get busy(): boolean {
    return this.#current !== null;
  }

  enqueue(digit: DtmfDigit, durationMs: number): boolean {
    if (this.#queue.length >= MAX_QUEUED) return false;
    this.#queue.push({ digit, ms: durationMs });
    this.#ticker ??= this.scheduler.every(FRAME_MS, () => this.tick());
    return true;
  }

  stop(): void {
    this.#ticker?.stop();
    this.#ticker = null;
    this.#queue.length = 0;
    this.#current = null;
  }

  private tick(): void {
    if (!this.#current) {
      if (this.#gap > 0) {
        this.#gap--;
        return;
      }
      const next = this.#queue.shift();
      if (!next) {
        this.stop();
        return;
      }
      this.#current = { timestamp: this.sink.startEvent(), packets: eventPackets(next.digit, next.ms) };
    }
    const packet = this.#current.packets.shift();
    if (packet) this.sink.send(this.#current.timestamp, packet);
    if (this.#current.packets.length === 0) {
      this.#current = null;
      this.#gap = GAP_TICKS;
    }
  }
}
