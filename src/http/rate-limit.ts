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

  /** Counts one hit for key; throws TooManyRequests past the limit. */
  hit(key: string, message = "Too many attempts. Wait a minute and try again."): void {
    const now = this.clock.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size >= this.maxKeys) this.evictExpired(now);
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    w.count++;
    if (w.count > this.limit) throw new TooManyRequests(message);
  }

  /** Throws TooManyRequests when the next hit for key would be refused, without counting one (to check several limits first). */
  check(key: string, message = "Too many attempts. Wait a minute and try again."): void {
    const w = this.windows.get(key);
    if (w && this.clock.now() - w.start < this.windowMs && w.count >= this.limit) throw new TooManyRequests(message);
  }

  private evictExpired(now: number) {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    if (this.windows.size >= this.maxKeys) this.windows.clear();
  }
}
