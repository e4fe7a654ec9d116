import { RTCPeerConnection, type RTCRtpTransceiver, RtpHeader, RtpPacket } from "werift";
import type { AudioFrame, DtmfDigit, G711Codec, LegStats, MediaLeg } from "./leg.ts";
import { OutboundStream } from "./outbound-stream.ts";
import { ReceiveStatistics } from "./receive-stats.ts";
import { candidateAllowed, G711_PAYLOAD, keepAllowedCandidates, serverPeerConfig, type WebrtcNetwork } from "./webrtc-config.ts";
import { guardWeriftSockets } from "./webrtc-sockets.ts";

guardWeriftSockets();

/** An ICE candidate as browsers and simple-peer signal it. */
export type CandidateInit = { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null };

export type WebrtcLegState = "new" | "connecting" | "connected" | "disconnected" | "failed" | "closed";

export type WebrtcLegOptions = WebrtcNetwork & {
  /** Our trickled candidates, already limited to the allowed addresses. */
  onLocalCandidate?: (candidate: CandidateInit) => void;
  onState?: (state: WebrtcLegState) => void;
};

let nextId = 1;

/**
 * A packet made for one send: werift's sender clones every packet it is given (header object and all) so the
 * caller may reuse it; each of ours is built for that send and never touched again, so the clone is itself.
 */
class SentOnceRtpPacket extends RtpPacket {
  override clone(): RtpPacket {
    return this;
  }
}

/**
 * Answers a browser's offer: the appliance's end of one WebRTC connection (ICE-lite, DTLS-SRTP) carrying
 * 20 ms G.711 frames both ways. Throws when the offer has no audio in PCMU or PCMA.
 */
export async function answerWebrtcOffer(offerSdp: string, options: WebrtcLegOptions): Promise<{ leg: WebrtcLeg; sdp: string }> {
  const pc = new RTCPeerConnection(serverPeerConfig(options));
  let leg: WebrtcLeg | null = null;
  // The track can show up while the offer is applied, before the leg exists.
  const early: RtpPacket[] = [];
  pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => (leg ? leg.receive(rtp) : early.push(rtp))));
  try {
    pc.onIceCandidate.subscribe((c) => {
      if (c?.candidate && candidateAllowed(c.candidate, options))
        options.onLocalCandidate?.({ candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null });
    });
    await pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
    const audio = pc.getTransceivers().find((t) => t.kind === "audio");
    if (!audio) throw new Error("the offer has no audio");
    audio.setDirection("sendrecv");
    await pc.setLocalDescription(await pc.createAnswer());
    const name = audio.sender.codec?.mimeType.split("/")[1]?.toUpperCase();
    if (name !== "PCMU" && name !== "PCMA") throw new Error("the offer has neither PCMU nor PCMA");
    leg = new WebrtcLeg(pc, audio, name, options.onState);
    for (const rtp of early.splice(0)) leg.receive(rtp);
    return { leg, sdp: keepAllowedCandidates(pc.localDescription?.sdp ?? "", options) };
  } catch (err) {
    await pc.close().catch(() => {});
    throw err;
  }
}

/** A connected (or connecting) browser leg; see `answerWebrtcOffer`. */
export class WebrtcLeg implements MediaLeg {
  readonly id = `webrtc-${nextId++}`;
  readonly kind = "webrtc";
  closed = false;
  private frameListener: ((frame: AudioFrame) => void) | null = null;
  private readonly received = new ReceiveStatistics();
  private readonly outgoing = new OutboundStream();
  private sent = { packets: 0, bytes: 0, errors: 0 };

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly transceiver: RTCRtpTransceiver,
    readonly codec: G711Codec,
    onState?: (state: WebrtcLegState) => void,
  ) {
    pc.connectionStateChange.subscribe((state) => onState?.(state));
  }

  get state(): WebrtcLegState {
    return this.pc.connectionState;
  }

  /** A trickled candidate from the browser; mDNS names are skipped (an ICE-lite end learns addresses from the checks). */
  async addRemoteCandidate(candidate: CandidateInit): Promise<void> {
    if (this.closed || !candidate.candidate || /\s\S+\.local\s/.test(candidate.candidate)) return;
    await this.pc.addIceCandidate(candidate);
  }

  /** Dropped (not queued) until DTLS is up: stale audio is worse than none. */
  sendFrame(frame: AudioFrame): void {
    if (this.closed || frame.codec !== this.codec || this.pc.connectionState !== "connected") return;
    const { sequence, timestamp, marker } = this.outgoing.audio(
      frame.source,
      frame.timestamp,
      frame.marker,
      frame.payload.length,
      performance.now(),
    );
    const header = new RtpHeader({ payloadType: G711_PAYLOAD[this.codec], sequenceNumber: sequence, timestamp, marker });
    this.sent.packets++;
    this.sent.bytes += frame.payload.length;
    this.transceiver.sender.sendRtp(new SentOnceRtpPacket(header, Buffer.from(frame.payload))).catch(() => this.sent.errors++);
  }

  /** Browser legs negotiate G.711 only, without telephone-events: digits are not carried in their media. */
  sendDtmf(_digit: DtmfDigit, _durationMs?: number): void {}

  onFrame(listener: ((frame: AudioFrame) => void) | null): void {
    this.frameListener = listener;
  }

  onDtmf(_listener: ((digit: DtmfDigit) => void) | null): void {}

  stats(): LegStats {
    return { received: this.received.snapshot(), sent: { ...this.sent } };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.frameListener = null;
    this.pc.close().catch(() => {});
  }

  /** @internal an RTP packet from the browser. */
  receive(rtp: RtpPacket): void {
    const { payloadType, sequenceNumber, timestamp, ssrc, marker } = rtp.header;
    if (this.closed) return;
    if (payloadType !== G711_PAYLOAD[this.codec]) {
      this.received.discard();
      return;
    }
    if (!this.received.record(sequenceNumber, timestamp, ssrc, rtp.payload.length, performance.now())) return;
    this.frameListener?.({ codec: this.codec, payload: rtp.payload, source: ssrc, timestamp, marker });
  }
}
