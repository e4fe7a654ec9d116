import type { Clock, Logger } from "../../shared/index.ts";
import type { IncomingRequest, SipMessage } from "../message.ts";
import { isReliable, type Peer } from "../peer.ts";
import { IllegalTransition, transition, type TransitionTable } from "./machine.ts";
import { TimerSet } from "./timer-set.ts";
import { type OneShotTimer, oneShotDuration, type TimerName, type TimerSettings } from "./timers.ts";

/** What a transaction needs from the layers around it. */
export type TransactionEnv = {
  readonly clock: Clock;
  readonly timers: TimerSettings;
  readonly log: Logger;
  /** Hands a message to the transport; `failed` is called (maybe later) when it could not be sent. */
  send(message: SipMessage, to: Peer, failed: () => void): void;
  /** Called once, after the transaction reached Terminated. */
  terminated(tx: TransactionView): void;
  /** A server transaction sent its final response; once, whatever the retransmissions. */
  answered?(request: IncomingRequest, source: Peer, status: number): void;
};

/** What any transaction shows, whatever its machine. */
export type TransactionView = { readonly machine: string; readonly state: string; readonly peer: Peer; readonly key: string };

/**
 * Runs one transaction state machine: events go through `transition()` of its table, the rule's actions are
 * performed in order, timers live on the injectable clock. Events raised while actions run (a zero timer, a
 * send that fails at once) are queued, and callbacks to the transaction user run only after the state has
 * settled, so a callback that calls back in never sees a half-made move.
 */
export abstract class Transaction<S extends string, E extends string, A extends string> {
  #state: S;
  readonly #queue: E[] = [];
  #running = false;
  readonly #timers: TimerSet;
  readonly #notices: Array<() => void> = [];
  readonly reliable: boolean;
  /** What the transaction table files it under (RFC 3261 §17.1.3, §17.2.3). */
  abstract readonly key: string;

  protected constructor(
    readonly machine: string,
    private readonly table: TransitionTable<S, E, A>,
    initial: S,
    protected readonly env: TransactionEnv,
    readonly peer: Peer,
  ) {
    this.#state = initial;
    this.reliable = isReliable(peer.transport);
    this.#timers = new TimerSet(env.clock, env.timers);
  }

  get state(): S {
    return this.#state;
  }

  get terminated(): boolean {
    return this.#state === "terminated";
  }

  /** Applies an event; throws IllegalTransition when the table does not allow it (a transaction-user error). */
  protected fire(event: E): void {
    if (this.#running) {
      this.#queue.push(event);
      return;
    }
    transition(this.machine, this.table, this.#state, event);
    this.#running = true;
    this.#queue.push(event);
    try {
      for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift()) this.step(next);
    } finally {
      this.#running = false;
      this.#queue.length = 0;
    }
    this.flushNotices();
  }

  /** Applies an event from the network or a timer; one the table does not allow is dropped, never thrown. */
  protected offer(event: E): boolean {
    if (!this.#running && !this.table[this.#state][event]) {
      this.env.log.debug("sip transaction ignored an event", { machine: this.machine, state: this.#state, event });
      return false;
    }
    this.fire(event);
    return true;
  }

  private step(event: E): void {
    const rule = this.table[this.#state][event];
    // A queued event can become illegal once the event before it moved the machine on.
    if (!rule) return;
    this.#state = rule.to;
    for (const action of rule.do ?? []) this.perform(action);
    if (rule.to === "terminated") {
      this.#timers.stopAll();
      this.notify(() => this.env.terminated(this));
    }
  }

  protected abstract perform(action: A): void;

  /** Starts a one-shot timer with its RFC duration; zero means the event follows at once. */
  protected startTimer(name: OneShotTimer, event: E): void {
    this.schedule(name, oneShotDuration(name, this.env.timers, this.reliable), event);
  }

  /** Starts or restarts a retransmission timer with its next interval; nothing on reliable transports. */
  protected startRetransmit(name: TimerName, event: E, interval?: number): void {
    if (!this.reliable) this.schedule(name, this.#timers.interval(name, interval), event);
  }

  protected stopTimer(name: TimerName): void {
    this.#timers.stop(name);
  }

  /** Stops every timer without a move: the endpoint is shutting down and nothing more will be sent. */
  halt(): void {
    this.#timers.stopAll();
  }

  /** Whether a timer is pending; for tests and for the transaction user's view of the state. */
  isTimerRunning(name: TimerName): boolean {
    return this.#timers.has(name);
  }

  private schedule(name: TimerName, ms: number, event: E): void {
    this.#timers.stop(name);
    if (ms <= 0) this.#queue.push(event);
    else this.#timers.start(name, ms, () => this.safely(() => this.offer(event)));
  }

  /** Sends through the transport; a failure becomes the transportError event (RFC 3261 §17.1.4, §17.2.4). */
  protected transmit(message: SipMessage, to: Peer, failure: E): void {
    this.env.send(message, to, () => {
      if (!this.terminated) this.safely(() => this.offer(failure));
    });
  }

  /** Queues a callback to the transaction user for when the current move is complete. */
  protected notify(callback: () => void): void {
    this.#notices.push(callback);
    if (!this.#running) this.flushNotices();
  }

  private flushNotices(): void {
    for (let next = this.#notices.shift(); next; next = this.#notices.shift()) this.safely(next);
  }

  /** Timer and socket callbacks must never throw into the event loop: a bug is logged instead. */
  private safely(run: () => unknown): void {
    try {
      run();
    } catch (error) {
      const illegal = error instanceof IllegalTransition;
      this.env.log.error(illegal ? "sip transaction refused a move" : "sip transaction user callback failed", {
        machine: this.machine,
        state: this.#state,
        error,
      });
    }
  }
}
