import type { udp } from "bun";
import type { Logger } from "../shared/index.ts";

export type DatagramHandler = (data: Uint8Array, address: string, port: number) => void;

/**
 * One UDP socket for RTP or RTCP. It always has an error handler: in Bun a send to a vanished peer leaves an
 * ICMP "port unreachable" on the socket, which comes back as ECONNREFUSED and ends the process when nobody
 * handles it. Here such errors are only counted. Sends never throw.
 */
export class MediaSocket {
  #errors = 0;
  #receiveFailures = 0;
  readonly #port: number;

  private constructor(
    private readonly socket: udp.Socket<"uint8array">,
    private handler: DatagramHandler | null,
    private readonly log: Logger,
  ) {
    this.#port = socket.port;
  }

  /** Binds `host:port`; null when the port is taken (by another process, or a session not yet closed). */
  static async bind(host: string, port: number, log: Logger): Promise<MediaSocket | null> {
    let self: MediaSocket | null = null;
    try {
      const socket = await Bun.udpSocket({
        hostname: host,
        port,
        binaryType: "uint8array",
        socket: {
          data: (_socket, data, fromPort, fromAddress) => self?.receive(data, fromAddress, fromPort),
          error: () => {
            if (self) self.#errors++;
          },
        },
      });
      self = new MediaSocket(socket, null, log);
      return self;
    } catch {
      return null;
    }
  }

  /** The bound port (kept: Bun's socket forgets it once closed). */
  get port(): number {
    return this.#port;
  }

  /** Send failures plus ICMP errors reported back (each a sign the far end is not listening). */
  get errors(): number {
    return this.#errors;
  }

  /** Listener exceptions caught so that one bad packet cannot stop the socket. */
  get receiveFailures(): number {
    return this.#receiveFailures;
  }

  onDatagram(handler: DatagramHandler | null): void {
    this.handler = handler;
  }

  /**
   * False when the datagram could not be handed to the kernel. A pending ICMP error can make a send throw
   * without sending; that error is counted and the send tried once more, so the packet still goes out.
   */
  send(bytes: Uint8Array, port: number, address: string): boolean {
    if (this.socket.closed) return false;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        if (this.socket.send(bytes, port, address)) return true;
        this.#errors++;
        return false;
      } catch {
        this.#errors++;
      }
    }
    return false;
  }

  close(): void {
    this.handler = null;
    if (!this.socket.closed) this.socket.close();
  }

  private receive(data: Uint8Array, address: string, port: number): void {
    try {
      this.handler?.(data, address, port);
    } catch (error) {
      // A bug above must not take the socket (and the call) down with it.
      this.#receiveFailures++;
      this.log.error("media packet handling failed", { address, port, error });
    }
  }
}
