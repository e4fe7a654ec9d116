import type { udp } from "bun";
import type { Logger } from "../shared/index.ts";
import type { ParseLimits } from "./message.ts";
import { parseDatagram } from "./parse.ts";
import type { Peer } from "./peer.ts";
import { errorIn, type TransportHooks } from "./transport-hooks.ts";

const SEND_ATTEMPTS = 3;

export type UdpOptions = { readonly host: string; readonly port: number; readonly limits: ParseLimits; readonly log: Logger };

/**
 * One UDP socket for SIP (RFC 3261 §18). The socket always has an error handler: without one, the
 * ECONNREFUSED that follows a send to a vanished peer (an ICMP error read back from the socket) is thrown
 * into the event loop and ends the process. Such errors name no peer, so they are only counted and logged;
 * the transaction that sent to the vanished peer ends by its own timer.
 */
export class UdpTransport {
  #socket: udp.Socket<"uint8array"> | undefined;
  #errors = 0;

  private constructor(
    private readonly options: UdpOptions,
    private readonly hooks: TransportHooks,
  ) {}

  static async open(options: UdpOptions, hooks: TransportHooks): Promise<UdpTransport> {
    const transport = new UdpTransport(options, hooks);
    transport.#socket = await Bun.udpSocket({
      hostname: options.host,
      port: options.port,
      binaryType: "uint8array",
      socket: {
        data: (_socket, data, port, address, flags) => transport.onDatagram(data, { transport: "UDP", address, port }, flags.truncated),
        error: (...args: unknown[]) => transport.onError(errorIn(args)),
      },
    });
    return transport;
  }

  get port(): number {
    return this.#socket?.port ?? 0;
  }

  /** Errors reported by the socket or by sends since it opened. */
  get errors(): number {
    return this.#errors;
  }

  /**
   * Sends one datagram; false when it could not be handed to the kernel. Never throws. An ICMP error left
   * by an earlier datagram (to anyone) makes the next send throw it and send nothing, so a send that throws
   * is tried again: a vanished peer must not cost a live one its message.
   */
  send(bytes: Uint8Array, to: Peer): boolean {
    const socket = this.#socket;
    if (!socket || socket.closed) return false;
    for (let attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
      try {
        return socket.send(bytes, to.port, to.address);
      } catch (error) {
        this.#errors++;
        this.options.log.debug("sip udp send reported an earlier error", { to, error });
      }
    }
    return false;
  }

  close(): void {
    this.#socket?.close();
  }

  private onDatagram(data: Uint8Array, source: Peer, truncated: boolean): void {
    try {
      if (truncated || !this.hooks.admit(source)) return;
      this.hooks.receive(parseDatagram(data, this.options.limits), source);
    } catch (error) {
      // A bug above must not take the socket (and the process) down with it.
      this.options.log.error("sip udp receive failed", { source, error });
    }
  }

  private onError(error: unknown): void {
    this.#errors++;
    this.options.log.debug("sip udp socket error", { error });
  }
}
