import type { Socket, SocketHandler, TCPSocketListener } from "bun";
import type { Peer } from "./peer.ts";
import { type ConnectionEnv, TcpConnection } from "./tcp-connection.ts";

export type TcpOptions = ConnectionEnv & {
  readonly host: string;
  readonly port: number;
  /** All connections, accepted and opened by us. */
  readonly maxConnections: number;
  /** Accepted connections from one IP address. */
  readonly maxConnectionsPerSource: number;
  refused(reason: "connection_limit"): void;
};

type Sock = Socket<TcpConnection | undefined>;
const keyOf = (peer: Peer): string => `${peer.address}|${peer.port}`;

/**
 * SIP over TCP: accepts connections, opens them for requests and for responses whose connection is gone
 * (RFC 3261 §18.2.2), and reuses one connection per remote address and port in both directions.
 */
export class TcpTransport {
  readonly #connections = new Map<string, TcpConnection>();
  readonly #perSource = new Map<string, number>();
  readonly #listener: TCPSocketListener<TcpConnection | undefined>;

  constructor(private readonly options: TcpOptions) {
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
    else if (this.#connections.size >= this.options.maxConnections) failed();
    else this.connect(target).write(bytes, failed);
  }

  close(): void {
    this.#listener.stop(true);
    for (const c of [...this.#connections.values()]) {
      c.abort();
      this.forget(c);
    }
  }

  private connect(to: Peer): TcpConnection {
    const connection = new TcpConnection(to, false, this.options);
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
    if (this.#connections.size >= this.options.maxConnections || fromSource >= this.options.maxConnectionsPerSource) {
      this.options.refused("connection_limit");
      socket.terminate();
      return;
    }
    if (!this.options.hooks.admit(peer)) {
      socket.terminate();
      return;
    }
    const connection = new TcpConnection(peer, true, this.options);
    socket.data = connection;
    this.register(connection);
    connection.attach(socket);
  }

  private register(connection: TcpConnection): void {
    this.#connections.set(keyOf(connection.peer), connection);
    if (connection.inbound) this.#perSource.set(connection.peer.address, (this.#perSource.get(connection.peer.address) ?? 0) + 1);
  }

  private forget(connection: TcpConnection): void {
    if (connection.isClosed) return;
    const key = keyOf(connection.peer);
    if (this.#connections.get(key) === connection) this.#connections.delete(key);
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
