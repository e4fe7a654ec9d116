import type { Logger } from "../shared/index.ts";
import type { ReceiveStats, SendStats } from "./leg.ts";
import { MediaSocket } from "./media-socket.ts";
import type { OutboundHeader } from "./outbound-stream.ts";
import type { PortPool } from "./port-pool.ts";
import { ReceiveStatistics } from "./receive-stats.ts";
import { fail, ok, type Result } from "./result.ts";
import { parseRtcp } from "./rtcp-packet.ts";
import { admit, type LatchTarget } from "./latch.ts";
import { type RemoteReport, RtcpReporter } from "./rtcp-reporter.ts";
import { looksLikeRtcp, parseRtp, type RtpPacket, serializeAudioRtp } from "./rtp-packet.ts";
import type { MediaScheduler, Ticker } from "./scheduler.ts";

export type RtpSessionOptions = {
  readonly pool: PortPool;
  /** The local address to bind (the appliance's media address, or 0.0.0.0). */
  readonly host: string;
  readonly scheduler: MediaScheduler;
  readonly log: Logger;
  /** Our SSRC, so RTCP reports speak for the stream the leg sends. */
  readonly ssrc: number;
  readonly rtcpIntervalMs?: number;
};

/** Where the far end said (in SDP) it receives: RTP port, and RTCP port when `a=rtcp` names another one. */
export type RemoteEndpoint = { readonly address: string; readonly port: number; readonly rtcpPort?: number };

export type SessionStats = { readonly received: ReceiveStats; readonly sent: SendStats; readonly remote: RemoteReport | null };

/** Tries on a taken port before giving up: another process may hold some ports of the range. */
const BIND_ATTEMPTS = 16;

/**
 * One RTP session (RFC 3550) on an even port with RTCP on the next. The far end's address comes from SDP and
 * is then latched (symmetric RTP, RFC 4961): the first packet from the expected IP fixes the port we send to,
 * which gets through the NAT in front of the far end. After that, packets from anywhere else are discarded.
 */
export class RtpSession {
  readonly #stats = new ReceiveStatistics();
  readonly #reporter: RtcpReporter;
  readonly #ticker: Ticker;
  #rtp: LatchTarget | null = null;
  #rtcp: LatchTarget | null = null;
  #listener: ((packet: RtpPacket) => void) | null = null;
  #eventType: number | null = null;
  #sent = { packets: 0, octets: 0, failures: 0, timestamp: 0 };
  #closed = false;

  private constructor(
    private readonly options: RtpSessionOptions,
    private readonly rtpSocket: MediaSocket,
    private readonly rtcpSocket: MediaSocket,
  ) {
    this.#reporter = new RtcpReporter(options.ssrc, `${options.ssrc.toString(16)}@switchboard`);
    rtpSocket.onDatagram((data, address, port) => this.onRtp(data, address, port));
    rtcpSocket.onDatagram((data, address, port) => this.onRtcp(data, address, port));
    this.#ticker = options.scheduler.every(options.rtcpIntervalMs ?? 5000, () => this.sendReport());
  }

  /** Binds a free port pair from the pool; an error when the range is exhausted. */
  static async open(options: RtpSessionOptions): Promise<Result<RtpSession>> {
    for (let attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      const port = options.pool.allocate();
      if (port === null) return fail("no free RTP port in the range");
      const rtp = await MediaSocket.bind(options.host, port, options.log);
      const rtcp = rtp && (await MediaSocket.bind(options.host, port + 1, options.log));
      if (rtp && rtcp) return ok(new RtpSession(options, rtp, rtcp));
      rtp?.close();
      options.pool.release(port);
    }
    return fail("no RTP port pair could be bound");
  }

  get port(): number {
    return this.rtpSocket.port;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Where packets go now: the SDP address until a packet from the far end latches its real port. */
  get remote(): { address: string; port: number; latched: boolean } | null {
    return this.#rtp && { ...this.#rtp };
  }

  /** Sets the far end from SDP (a new offer or answer unlatches); null stops sending and receiving. */
  setRemote(remote: RemoteEndpoint | null): void {
    this.#rtp = remote && { address: remote.address, port: remote.port, latched: false };
    this.#rtcp = remote && { address: remote.address, port: remote.rtcpPort ?? remote.port + 1, latched: false };
  }

  /** The telephone-event payload type: its packets keep one timestamp per event, so they leave jitter alone. */
  setEventPayloadType(payloadType: number | null): void {
    this.#eventType = payloadType;
  }

  onPacket(listener: ((packet: RtpPacket) => void) | null): void {
    this.#listener = listener;
  }

  /** Sends one packet to the far end; false (and counted) when that failed. Never throws. */
  send(header: OutboundHeader, payloadType: number, payload: Uint8Array): boolean {
    const target = this.#rtp;
    if (this.#closed || !target) return false;
    const bytes = serializeAudioRtp(header, payloadType, payload);
    if (!this.rtpSocket.send(bytes, target.port, target.address)) return false;
    this.#sent.packets++;
    this.#sent.octets += payload.length;
    this.#sent.timestamp = header.timestamp;
    return true;
  }

  stats(): SessionStats {
    const errors = this.rtpSocket.errors + this.rtcpSocket.errors;
    return {
      received: this.#stats.snapshot(),
      sent: { packets: this.#sent.packets, bytes: this.#sent.octets, errors },
      remote: this.#reporter.remote,
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#ticker.stop();
    this.#listener = null;
    this.rtpSocket.close();
    this.rtcpSocket.close();
    this.options.pool.release(this.rtpSocket.port);
  }

  private onRtp(data: Uint8Array, address: string, port: number): void {
    if (looksLikeRtcp(data)) {
      if (admit(this.#rtp, address, port)) this.takeRtcp(data);
      return;
    }
    const parsed = parseRtp(data);
    if (!parsed.ok || !admit(this.#rtp, address, port)) {
      this.#stats.discard();
      return;
    }
    const p = parsed.value;
    const now = this.options.scheduler.now();
    if (this.#stats.record(p.sequence, p.timestamp, p.ssrc, p.payload.length, now, p.payloadType !== this.#eventType)) {
      this.#listener?.(p);
    }
  }

  private onRtcp(data: Uint8Array, address: string, port: number): void {
    if (admit(this.#rtcp, address, port)) this.takeRtcp(data);
  }

  private takeRtcp(data: Uint8Array): void {
    const parsed = parseRtcp(data);
    if (parsed.ok) this.#reporter.receive(parsed.value, this.options.scheduler.now());
  }

  private sendReport(): void {
    const target = this.#rtcp;
    if (!target) return;
    const sent = this.#sent.packets > 0 ? this.#sent : null;
    this.rtcpSocket.send(this.#reporter.build(this.#stats, sent, this.options.scheduler.now()), target.port, target.address);
  }
}
