import type { Clock } from "../shared/index.ts";
import { TooManyRequests } from "../shared/index.ts";

/** A fixed-window counter per key (e.g. client address), bounded in size so a flood cannot grow it without end. */
export class RateLimiter {
  private windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts `weight` hits (1, or e.g. bytes) for key; throws TooManyRequests past the limit. */
  hit(key: string, message = "Too many attempts. Wait a minute and try again.", weight = 1): void {
    const now = this.clock.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size >= this.maxKeys) this.evictExpired(now);
      this.windows.set(key, { start: now, count: weight });
      return;
    }
    w.count += weight;
    if (w.count > this.limit) throw new TooManyRequests(message);
  }

  /** Throws TooManyRequests when `weight` more hits for key would pass the limit, without counting them (to check several limits first). */
  check(key: string, message = "Too many attempts. Wait a minute and try again.", weight = 1): void {
    const w = this.windows.get(key);
    const used = w && this.clock.now() - w.start < this.windowMs ? w.count : 0;
    if (used + weight > this.limit) throw new TooManyRequests(message);
  }

  /** Milliseconds until key's window starts afresh (0 when it has none running). */
  retryAfterMs(key: string): number {
    const w = this.windows.get(key);
    return w ? Math.max(0, w.start + this.windowMs - this.clock.now()) : 0;
  }

  private evictExpired(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}
