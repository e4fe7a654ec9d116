import { type Clock, type Logger, silentLogger } from "../shared/index.ts";
import { methodLabel, NO_COUNTERS, type SipCounters } from "./counters.ts";
import { DEFAULT_LIMITS, type ParseLimits, type ParseResult, type SipMessage } from "./message.ts";
import type { Peer, TransportName } from "./peer.ts";
import { attempt } from "./scanner.ts";
import { serializeMessage } from "./serialize.ts";
import { TcpTransport } from "./tcp-transport.ts";
import type { TransportHooks } from "./transport-hooks.ts";
import { UdpTransport } from "./udp-transport.ts";
import { parseVia } from "./via.ts";
import { stampTopVia } from "./via-received.ts";

export type TransportOptions = {
  /** The address to listen on (and to write in Via unless the endpoint is told otherwise). */
  readonly host: string;
  /** 0 picks a free port (tests); null turns the transport off. Default 5060. */
  readonly udpPort?: number | null;
  readonly tcpPort?: number | null;
  readonly clock: Clock;
  readonly log?: Logger;
  readonly counters?: SipCounters;
  readonly limits?: ParseLimits;
  readonly partialMessageTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly pressureIdleTimeoutMs?: number;
  readonly maxConnections?: number;
  readonly maxConnectionsPerSource?: number;
};

export const TRANSPORT_DEFAULTS = {
  port: 5060,
  partialMessageTimeoutMs: 10_000,
  idleTimeoutMs: 300_000,
  pressureIdleTimeoutMs: 20_000,
  maxConnections: 2_048,
  maxConnectionsPerSource: 32,
} as const;

/**
 * The transport layer (RFC 3261 §18) over UDP and TCP: parses what arrives, stamps `received`/`rport` on
 * requests (§18.2.1, RFC 3581), counts messages, and sends to a peer. Nothing here throws on network input.
 */
export class SipTransport {
  private constructor(
    private readonly options: TransportOptions,
    private readonly udp: UdpTransport | undefined,
    private readonly tcp: TcpTransport | undefined,
  ) {}

  static async open(options: TransportOptions, hooks: TransportHooks): Promise<SipTransport> {
    const log = options.log ?? silentLogger;
    const counters = options.counters ?? NO_COUNTERS;
    const limits = options.limits ?? DEFAULT_LIMITS;
    const upward: TransportHooks = {
      admit: (source) => hooks.admit(source),
      trusted: (peer) => hooks.trusted(peer),
      receive: (result, source) => {
        if (result.ok) counters.message("in", methodLabel(result.message));
        hooks.receive(stamped(result, source), source);
      },
    };
    const udpPort = options.udpPort === undefined ? TRANSPORT_DEFAULTS.port : options.udpPort;
    const tcpPort = options.tcpPort === undefined ? TRANSPORT_DEFAULTS.port : options.tcpPort;
    const udp = udpPort === null ? undefined : await UdpTransport.open({ host: options.host, port: udpPort, limits, log }, upward);
    const tcp =
      tcpPort === null
        ? undefined
        : new TcpTransport({
            ...TRANSPORT_DEFAULTS,
            ...definedOnly(options),
            host: options.host,
            port: tcpPort,
            clock: options.clock,
            log,
            limits,
            hooks: upward,
            timedOut: () => counters.rejected("idle_timeout"),
            refused: (reason) => counters.rejected(reason),
          });
    return new SipTransport(options, udp, tcp);
  }

  /** Where this transport listens, for Via and Contact; undefined when the transport is off. */
  local(transport: TransportName): Peer | undefined {
    const port = transport === "UDP" ? this.udp?.port : this.tcp?.port;
    return port === undefined ? undefined : { transport, address: this.options.host, port };
  }

  /** Serializes and sends; `failed` runs (now or later) when the message could not be sent. */
  send(message: SipMessage, to: Peer, failed: () => void = () => {}): void {
    const bytes = serializeMessage(message);
    (this.options.counters ?? NO_COUNTERS).message("out", methodLabel(message));
    if (to.transport === "UDP") {
      if (!this.udp?.send(bytes, to)) failed();
    } else if (this.tcp) this.tcp.send(bytes, to, message.kind === "response" ? sentByPort(message) : undefined, failed);
    else failed();
  }

  get stats(): { udpErrors: number; tcpConnections: number; tcpPendingBytes: number } {
    return {
      udpErrors: this.udp?.errors ?? 0,
      tcpConnections: this.tcp?.connectionCount ?? 0,
      tcpPendingBytes: this.tcp?.pendingBytes ?? 0,
    };
  }

  close(): void {
    this.udp?.close();
    this.tcp?.close();
  }
}

function stamped(result: ParseResult, source: Peer): ParseResult {
  if (!result.ok || result.message.kind !== "request") return result;
  return { ok: true, message: stampTopVia(result.message, source) };
}

/** §18.2.2: a response whose connection is gone goes to a new connection at the sent-by port. */
function sentByPort(message: SipMessage): number {
  const top = message.headers.values("Via")[0];
  return (top === undefined ? undefined : attempt(() => parseVia(top))?.port) ?? TRANSPORT_DEFAULTS.port;
}

function definedOnly(options: TransportOptions): Partial<typeof TRANSPORT_DEFAULTS> {
  const out: Record<string, number> = {};
  for (const key of [
    "partialMessageTimeoutMs",
    "idleTimeoutMs",
    "pressureIdleTimeoutMs",
    "maxConnections",
    "maxConnectionsPerSource",
  ] as const) {
    const value = options[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
