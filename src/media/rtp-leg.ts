import { DEFAULT_DTMF_MS, DtmfDetector } from "./dtmf.ts";
import { DtmfSender } from "./dtmf-sender.ts";
import { STATIC_PAYLOAD_TYPES, transcode } from "./g711.ts";
import type { AudioFrame, DtmfDigit, G711Codec, LegStats, MediaLeg } from "./leg.ts";
import { OutboundStream } from "./outbound-stream.ts";
import type { RtpPacket } from "./rtp-packet.ts";
import { type RemoteEndpoint, RtpSession, type RtpSessionOptions, type SessionStats } from "./rtp-session.ts";
import type { Result } from "./result.ts";
import type { Direction } from "./sdp.ts";

/** What offer/answer settled for a plain RTP leg (see `negotiate` in sdp-negotiate.ts). */
export type RtpLegMedia = {
  readonly codec: G711Codec;
  readonly payloadType: number;
  /** The telephone-event payload type, null when the far end offered none. */
  readonly dtmfPayloadType: number | null;
  /** Our direction: `recvonly` or `inactive` while the far end holds us, so we send nothing. */
  readonly direction: Direction;
  readonly remote: RemoteEndpoint | null;
};

let nextId = 1;

/**
 * A plain RTP leg (SIP trunk, desk phone): an RTP session plus the outgoing stream that rewrites every
 * frame's headers, RFC 4733 DTMF both ways, and PCMU/PCMA transcoding when a frame arrives in the other law.
 */
export class RtpLeg implements MediaLeg {
  readonly id = `rtp-${nextId++}`;
  readonly kind = "rtp";
  readonly #detector = new DtmfDetector();
  readonly #dtmf: DtmfSender;
  #media: RtpLegMedia = {
    codec: "PCMU",
    payloadType: STATIC_PAYLOAD_TYPES.PCMU,
    dtmfPayloadType: null,
    direction: "sendrecv",
    remote: null,
  };
  #onFrame: ((frame: AudioFrame) => void) | null = null;
  #onDtmf: ((digit: DtmfDigit) => void) | null = null;
  #otherTypes = 0;

  private constructor(
    private readonly session: RtpSession,
    private readonly stream: OutboundStream,
    private readonly options: Omit<RtpSessionOptions, "ssrc">,
  ) {
    this.#dtmf = new DtmfSender(options.scheduler, {
      startEvent: () => stream.startEvent(options.scheduler.now()),
      send: (timestamp, packet) => this.sendEvent(timestamp, packet.payload, packet.marker),
    });
    session.onPacket((packet) => this.receive(packet));
  }

  /** Binds a port pair; the leg sends nothing until `apply` gives it the far end's address. */
  static async open(options: Omit<RtpSessionOptions, "ssrc">): Promise<Result<RtpLeg>> {
    const stream = new OutboundStream();
    const session = await RtpSession.open({ ...options, ssrc: stream.ssrc });
    if (!session.ok) return session;
    return { ok: true, value: new RtpLeg(session.value, stream, options) };
  }

  /** The local RTP port, for our SDP. */
  get port(): number {
    return this.session.port;
  }

  get codec(): G711Codec {
    return this.#media.codec;
  }

  get closed(): boolean {
    return this.session.closed;
  }

  get media(): RtpLegMedia {
    return this.#media;
  }

  /** Takes the outcome of an offer/answer exchange (the first, or a re-INVITE's: hold, resume, new address). */
  apply(media: RtpLegMedia): void {
    this.#media = media;
    this.session.setRemote(media.remote);
    this.session.setEventPayloadType(media.dtmfPayloadType);
  }

  sendFrame(frame: AudioFrame): void {
    if (this.closed || this.#dtmf.busy || !sends(this.#media.direction)) return;
    const payload = transcode(frame.payload, frame.codec, this.#media.codec);
    const header = this.stream.audio(frame.source, frame.timestamp, frame.marker, payload.length, this.options.scheduler.now());
    this.session.send(header, this.#media.payloadType, payload);
  }

  sendDtmf(digit: DtmfDigit, durationMs = DEFAULT_DTMF_MS): void {
    if (this.closed || this.#media.dtmfPayloadType === null || !sends(this.#media.direction)) return;
    this.#dtmf.enqueue(digit, durationMs);
  }

  onFrame(listener: ((frame: AudioFrame) => void) | null): void {
    this.#onFrame = listener;
  }

  onDtmf(listener: ((digit: DtmfDigit) => void) | null): void {
    this.#onDtmf = listener;
  }

  stats(): LegStats & Pick<SessionStats, "remote"> {
    const stats = this.session.stats();
    return { ...stats, received: { ...stats.received, discarded: stats.received.discarded + this.#otherTypes } };
  }

  close(): void {
    this.#dtmf.stop();
    this.#onFrame = null;
    this.#onDtmf = null;
    this.session.close();
  }

  private receive(packet: RtpPacket): void {
    const media = this.#media;
    if (packet.payloadType === media.payloadType) {
      const frame = {
        codec: media.codec,
        payload: packet.payload,
        source: packet.ssrc,
        timestamp: packet.timestamp,
        marker: packet.marker,
      };
      this.#onFrame?.(frame);
    } else if (packet.payloadType === media.dtmfPayloadType) {
      const digit = this.#detector.feed(packet.timestamp, packet.payload);
      if (digit) this.#onDtmf?.(digit);
    } else this.#otherTypes++;
  }

  private sendEvent(timestamp: number, payload: Uint8Array, marker: boolean): void {
    const type = this.#media.dtmfPayloadType;
    if (type !== null && !this.closed) this.session.send(this.stream.eventPacket(timestamp, marker), type, payload);
  }
}

function sends(direction: Direction): boolean {
  return direction === "sendrecv" || direction === "sendonly";
}
