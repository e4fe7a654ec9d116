import type { Clock, TimerHandle } from "../../shared/index.ts";
import { nextInterval, type TimerName, type TimerSettings } from "./timers.ts";

/** The named timers of one transaction on the injectable clock, with the doubling of retransmission intervals. */
export class TimerSet {
  readonly #handles = new Map<TimerName, TimerHandle>();
  readonly #intervals = new Map<TimerName, number>();

  constructor(
    private readonly clock: Clock,
    private readonly settings: TimerSettings,
  ) {}

  /** (Re)starts a timer; a running one of the same name is replaced. */
  start(name: TimerName, ms: number, fire: () => void): void {
    this.stop(name);
    const handle = this.clock.setTimeout(() => {
      this.#handles.delete(name);
      fire();
    }, ms);
    this.#handles.set(name, handle);
  }

  /** The next retransmission interval of a timer, remembered for the doubling after it. */
  interval(name: TimerName, fixed?: number): number {
    const ms = fixed ?? nextInterval(name, this.#intervals.get(name), this.settings);
    this.#intervals.set(name, ms);
    return ms;
  }

  stop(name: TimerName): void {
    const handle = this.#handles.get(name);
    if (handle) this.clock.clearTimeout(handle);
    this.#handles.delete(name);
  }

  stopAll(): void {
    for (const handle of this.#handles.values()) this.clock.clearTimeout(handle);
    this.#handles.clear();
  }

  has(name: TimerName): boolean {
    return this.#handles.has(name);
  }
}
