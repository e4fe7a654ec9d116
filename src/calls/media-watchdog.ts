import type { Clock, TimerHandle } from "../shared/index.ts";

/** A call whose caller sends no RTP for this long has lost its far end (FEATURES V2: a vanished provider). */
export const MEDIA_TIMEOUT_MS = 30_000;
const CHECK_EVERY_MS = 5_000;

/**
 * Watches a leg's received-packet count on the domain clock: when it has not moved for `timeoutMs` while
 * the far end was expected to send, `onSilent` runs once. Counting packets rather than reading arrival
 * times keeps the media clock and the domain clock apart.
 */
export class MediaWatchdog {
  #seen = -1;
  #movedAt = 0;
  #timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly packets: () => number,
    private readonly onSilent: () => void,
    /** False while the far end may rightly send nothing (it holds the call with `inactive`). */
    private readonly expecting: () => boolean = () => true,
    private readonly timeoutMs = MEDIA_TIMEOUT_MS,
  ) {}

  start(): void {
    this.#seen = this.packets();
    this.#movedAt = this.clock.now();
    this.schedule();
  }

  stop(): void {
    if (this.#timer) this.clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  private schedule(): void {
    this.#timer = this.clock.setTimeout(() => this.check(), Math.min(CHECK_EVERY_MS, this.timeoutMs));
  }

  private check(): void {
    this.#timer = null;
    const now = this.clock.now();
    const count = this.packets();
    if (count !== this.#seen || !this.expecting()) {
      this.#seen = count;
      this.#movedAt = now;
    } else if (now - this.#movedAt >= this.timeoutMs) {
      this.onSilent();
      return;
    }
    this.schedule();
  }
}
