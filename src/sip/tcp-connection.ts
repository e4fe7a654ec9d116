import type { Socket } from "bun";
import type { Clock, Logger, TimerHandle } from "../shared/index.ts";
import type { ParseLimits } from "./message.ts";
import type { Peer } from "./peer.ts";
import { StreamFramer } from "./stream-framer.ts";
import type { TransportHooks } from "./transport-hooks.ts";

export type ConnectionEnv = {
  readonly clock: Clock;
  readonly log: Logger;
  readonly limits: ParseLimits;
  /** A message not complete this long after its first octet arrived is not coming: the connection is cut. */
  readonly partialMessageTimeoutMs: number;
  /** A connection with nothing pending is closed after this long without traffic, unless we opened it to the trunk. */
  readonly idleTimeoutMs: number;
  readonly hooks: TransportHooks;
  /** Octets arrived on the connection. */
  active(connection: TcpConnection): void;
  timedOut(connection: TcpConnection): void;
};

type Pending = { bytes: Uint8Array; failed: () => void };

/**
 * Answers waiting for a peer that does not read: past this the peer is not reading at all (a SIP answer is a
 * few hundred octets), and holding more would let it make the box keep memory without bound.
 */
export const MAX_BACKLOG_BYTES = 256 * 1024;

/**
 * One SIP connection: frames what arrives (RFC 3261 §18.3), queues what Bun's socket cannot take at once
 * (its write() reports partial writes instead of buffering), and watches for idleness on the clock.
 */
export class TcpConnection {
  readonly framer: StreamFramer;
  #socket: Socket<TcpConnection | undefined> | undefined;
  #backlog: Pending[] = [];
  #backlogBytes = 0;
  #timer: TimerHandle | undefined;
  #timerFor: "partial" | "idle" | undefined;
  #ending = false;
  #closed = false;

  /** When octets last arrived (or the connection was made). */
  lastActivity: number;

  constructor(
    readonly peer: Peer,
    readonly inbound: boolean,
    /** The trunk's: outside the overall connection cap, never closed early to make room. */
    readonly trusted: boolean,
    private readonly env: ConnectionEnv,
  ) {
    this.framer = new StreamFramer(env.limits);
    this.lastActivity = env.clock.now();
  }

  /** Nothing received is waiting for the rest of its message, and nothing is waiting to be sent. */
  get idle(): boolean {
    return this.framer.pending === 0 && this.#backlog.length === 0;
  }

  /** Usable for sending: not closed and not being closed. */
  get open(): boolean {
    return !this.#closed && !this.#ending;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  attach(socket: Socket<TcpConnection | undefined>): void {
    this.#socket = socket;
    this.flush();
    this.arm();
  }

  onData(chunk: Uint8Array): void {
    this.lastActivity = this.env.clock.now();
    const results = this.framer.push(chunk);
    for (const result of results) {
      if (!this.env.hooks.admit(this.peer)) {
        this.abort();
        return;
      }
      this.env.hooks.receive(result, this.peer);
      // Framing is lost: whatever answer the layer above gave goes out first, then the connection ends.
      if (!result.ok && result.error.fatal) {
        this.end();
        return;
      }
    }
    this.env.active(this);
    this.arm(results.length > 0);
  }

  write(bytes: Uint8Array, failed: () => void): void {
    if (!this.open) {
      failed();
      return;
    }
    if (this.#backlogBytes + bytes.length > MAX_BACKLOG_BYTES) {
      this.env.log.warn("sip tcp peer does not read its answers: connection closed", { peer: this.peer, queued: this.#backlogBytes });
      failed();
      this.abort();
      return;
    }
    this.#backlog.push({ bytes, failed });
    this.#backlogBytes += bytes.length;
    this.flush();
  }

  /** Writes as much of the backlog as the socket takes; called again on drain. */
  flush(): void {
    const socket = this.#socket;
    if (!socket) return;
    for (let head = this.#backlog[0]; head; head = this.#backlog[0]) {
      const written = socket.write(head.bytes);
      if (written < 0) {
        this.abort();
        return;
      }
      this.#backlogBytes -= Math.max(written, 0);
      if (written < head.bytes.length) {
        head.bytes = head.bytes.subarray(written);
        return;
      }
      this.#backlog.shift();
    }
    if (this.#ending) socket.end();
  }

  /** Closes once the backlog is written. */
  end(): void {
    this.#ending = true;
    this.flush();
  }

  abort(): void {
    this.#ending = true;
    this.#socket?.terminate();
  }

  /** The socket is gone (or never connected): queued sends fail, the timer stops. */
  closed(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) this.env.clock.clearTimeout(this.#timer);
    const failed = this.#backlog;
    this.#backlog = [];
    this.#backlogBytes = 0;
    for (const p of failed) p.failed();
  }

  /**
   * The partial-message deadline runs from a message's first octet: more octets of the same message do not
   * move it, so a peer trickling a header line now and then cannot hold the connection. `messageEnded`: a
   * message was completed, so octets still pending belong to a new one that started now.
   */
  private arm(messageEnded = false): void {
    const partial = this.framer.pending > 0;
    if (partial && this.#timerFor === "partial" && !messageEnded) return;
    if (this.#timer) this.env.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerFor = undefined;
    // A connection we opened to the trunk stays; one we opened elsewhere (a response whose connection had
    // closed) must not be held open forever by the far end.
    const keep = !this.inbound && this.trusted;
    const ms = partial ? this.env.partialMessageTimeoutMs : keep ? 0 : this.env.idleTimeoutMs;
    if (ms <= 0 || this.#closed) return;
    this.#timerFor = partial ? "partial" : "idle";
    this.#timer = this.env.clock.setTimeout(() => {
      this.env.log.info("sip tcp connection timed out", { peer: this.peer, partial });
      this.env.timedOut(this);
      // A backlog still unread after the whole idle time will not be read: ending would wait for it forever.
      if (partial || this.#backlog.length > 0) this.abort();
      else this.end();
    }, ms);
  }
}
