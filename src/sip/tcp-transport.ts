import type { Socket, SocketHandler, TCPSocketListener } from "bun";
import type { Clock, Logger, TimerHandle } from "../shared/index.ts";
import type { ParseLimits } from "./message.ts";
import type { Peer } from "./peer.ts";
import { type ConnectionEnv, TcpConnection } from "./tcp-connection.ts";
import type { TransportHooks } from "./transport-hooks.ts";

export type TcpOptions = {
  readonly host: string;
  readonly port: number;
  readonly clock: Clock;
  readonly log: Logger;
  readonly limits: ParseLimits;
  readonly hooks: TransportHooks;
  readonly partialMessageTimeoutMs: number;
  /** A connection with nothing pending is closed after this long without traffic (the trunk's only if accepted)… */
  readonly idleTimeoutMs: number;
  /** …or after this long while more than half of `maxConnections` is taken (the trunk's connections excepted). */
  readonly pressureIdleTimeoutMs: number;
  /** All connections, accepted and opened by us, except the trunk's (hooks.trusted), which never count. */
  readonly maxConnections: number;
  /** Accepted connections from one IP address. */
  readonly maxConnectionsPerSource: number;
  timedOut(): void;
  refused(reason: "connection_limit"): void;
};

type Sock = Socket<TcpConnection | undefined>;
const keyOf = (peer: Peer): string => `${peer.address}|${peer.port}`;

/**
 * SIP over TCP: accepts connections, opens them for requests and for responses whose connection is gone
 * (RFC 3261 §18.2.2), and reuses one connection per remote address and port in both directions.
 *
 * Idle connections cannot shut the door on others: the trunk's connections are outside the overall cap;
 * above half of it the idle timeout shrinks; and at the cap the longest-idle connection is closed to admit a
 * new one. Only connections holding part of a message (cut by its deadline) or a send are never evicted.
 */
export class TcpTransport {
  readonly #connections = new Map<string, TcpConnection>();
  readonly #perSource = new Map<string, number>();
  /** Connections counted against `maxConnections` (all but the trunk's), least recently active first. */
  readonly #capped = new Set<TcpConnection>();
  #sweep: TimerHandle | undefined;
  readonly #env: ConnectionEnv;
  readonly #listener: TCPSocketListener<TcpConnection | undefined>;

  constructor(private readonly options: TcpOptions) {
    this.#env = {
      ...options,
      active: (c) => {
        if (this.#capped.delete(c)) this.#capped.add(c);
        this.watchPressure();
      },
      timedOut: () => options.timedOut(),
    };
    this.#listener = Bun.listen<TcpConnection | undefined>({
      hostname: options.host,
      port: options.port,
      data: undefined,
      socket: this.handlers(),
    });
  }

  get port(): number {
    return this.#listener.port;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Octets held by connections waiting for the rest of a message. */
  get pendingBytes(): number {
    let total = 0;
    for (const c of this.#connections.values()) total += c.framer.pending;
    return total;
  }

  /**
   * Writes on the open connection to `to`; failing that (a response whose connection closed), connects
   * to `to` at `fallbackPort`, the sent-by port of the response's Via.
   */
  send(bytes: Uint8Array, to: Peer, fallbackPort: number | undefined, failed: () => void): void {
    const target = fallbackPort === undefined ? to : { ...to, port: fallbackPort };
    const existing = this.#connections.get(keyOf(to)) ?? this.#connections.get(keyOf(target));
    if (existing?.open) existing.write(bytes, failed);
    else {
      const trusted = this.options.hooks.trusted(target);
      if (trusted || this.makeRoom()) this.connect(target, trusted).write(bytes, failed);
      else failed();
    }
  }

  close(): void {
    if (this.#sweep) this.options.clock.clearTimeout(this.#sweep);
    this.#listener.stop(true);
    for (const c of [...this.#connections.values()]) {
      c.abort();
      this.forget(c);
    }
  }

  private connect(to: Peer, trusted: boolean): TcpConnection {
    const connection = new TcpConnection(to, false, trusted, this.#env);
    this.register(connection);
    Bun.connect<TcpConnection | undefined>({ hostname: to.address, port: to.port, data: connection, socket: this.handlers() }).catch(
      (error: unknown) => {
        this.options.log.debug("sip tcp connect failed", { to, error });
        this.forget(connection);
      },
    );
    return connection;
  }

  private accept(socket: Sock): void {
    const peer: Peer = { transport: "TCP", address: socket.remoteAddress, port: socket.remotePort };
    const fromSource = this.#perSource.get(peer.address) ?? 0;
    if (fromSource >= this.options.maxConnectionsPerSource) {
      this.refuse(socket);
      return;
    }
    if (!this.options.hooks.admit(peer)) {
      socket.terminate();
      return;
    }
    const trusted = this.options.hooks.trusted(peer);
    if (!trusted && !this.makeRoom()) {
      this.refuse(socket);
      return;
    }
    const connection = new TcpConnection(peer, true, trusted, this.#env);
    socket.data = connection;
    this.register(connection);
    connection.attach(socket);
  }

  private refuse(socket: Sock): void {
    this.options.refused("connection_limit");
    socket.terminate();
  }

  private get underPressure(): boolean {
    return this.#capped.size * 2 > this.options.maxConnections;
  }

  /** Whether one more connection fits under the cap; at the cap, the least recently active idle one makes room. */
  private makeRoom(): boolean {
    if (this.#capped.size < this.options.maxConnections) return true;
    const oldest = this.leastRecentlyActiveIdle();
    if (oldest) this.dismiss(oldest);
    return oldest !== undefined;
  }

  private leastRecentlyActiveIdle(): TcpConnection | undefined {
    for (const c of this.#capped) if (c.idle) return c;
    return undefined;
  }

  /**
   * While more than half of the places are taken, the idle timeout is `pressureIdleTimeoutMs`: one timer
   * watches the least recently active idle connection, and closes stale ones oldest first until the
   * pressure is over. (Each connection's own timer still has the long timeout.) When none is idle, it looks
   * again a whole short timeout later, so that reads on busy connections do not search each time.
   */
  private watchPressure(): void {
    if (this.#sweep || !this.underPressure) return;
    const oldest = this.leastRecentlyActiveIdle();
    const wait = this.options.pressureIdleTimeoutMs;
    const due = oldest ? oldest.lastActivity + wait - this.options.clock.now() : wait;
    this.#sweep = this.options.clock.setTimeout(
      () => {
        this.#sweep = undefined;
        const stale = this.options.clock.now() - this.options.pressureIdleTimeoutMs;
        for (const c of this.#capped) {
          if (!this.underPressure || c.lastActivity > stale) break;
          if (c.idle) this.dismiss(c);
        }
        this.watchPressure();
      },
      Math.max(0, due),
    );
  }

  /** Closes an idle connection at once to free its place. */
  private dismiss(connection: TcpConnection): void {
    this.options.log.info("sip tcp idle connection closed to make room", { peer: connection.peer });
    this.options.timedOut();
    connection.abort();
    this.forget(connection);
  }

  private register(connection: TcpConnection): void {
    this.#connections.set(keyOf(connection.peer), connection);
    if (!connection.trusted) this.#capped.add(connection);
    if (connection.inbound) this.#perSource.set(connection.peer.address, (this.#perSource.get(connection.peer.address) ?? 0) + 1);
    this.watchPressure();
  }

  private forget(connection: TcpConnection): void {
    if (connection.isClosed) return;
    const key = keyOf(connection.peer);
    if (this.#connections.get(key) === connection) this.#connections.delete(key);
    this.#capped.delete(connection);
    if (connection.inbound) {
      const left = (this.#perSource.get(connection.peer.address) ?? 1) - 1;
      if (left > 0) this.#perSource.set(connection.peer.address, left);
      else this.#perSource.delete(connection.peer.address);
    }
    connection.closed();
  }

  private handlers(): SocketHandler<TcpConnection | undefined> {
    const log = this.options.log;
    return {
      open: (socket) => (socket.data ? socket.data.attach(socket) : this.accept(socket)),
      data: (socket, data) => {
        try {
          socket.data?.onData(data);
        } catch (error) {
          log.error("sip tcp receive failed", { peer: socket.data?.peer, error });
        }
      },
      drain: (socket) => socket.data?.flush(),
      close: (socket) => {
        if (socket.data) this.forget(socket.data);
      },
      connectError: (socket) => {
        if (socket.data) this.forget(socket.data);
      },
      error: (socket, error) => log.debug("sip tcp socket error", { peer: socket.data?.peer, error }),
    };
  }
}
