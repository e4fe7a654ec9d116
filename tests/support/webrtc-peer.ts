import type { Socket } from "node:dgram";
import { type PeerConfig, RTCPeerConnection, type RTCRtpTransceiver, RtpHeader, RtpPacket } from "werift";
import { FRAME_SAMPLES } from "../../src/media/leg.ts";
import { codecParameters } from "../../src/media/webrtc-config.ts";
import type { CandidateInit } from "../../src/media/webrtc-leg.ts";

/**
 * A full-ICE werift peer that plays the browser's part (offerer, trickle, PCMU/PCMA) for tests and
 * benchmarks, with a local socket as its STUN server: a full agent always asks one, and this one
 * stays on loopback and never answers.
 */
export class BrowserLikePeer {
  readonly pc: RTCPeerConnection;
  readonly transceiver: RTCRtpTransceiver;
  framesReceived = 0;
  private seq = 1;
  private timestamp = 0;

  private constructor(private readonly stunSink: { port: number; close(): void }) {
    this.pc = new RTCPeerConnection(browserLikeConfig(`127.0.0.1:${stunSink.port}`));
    this.transceiver = this.pc.addTransceiver("audio", { direction: "sendrecv" });
    this.transceiver.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe(() => this.framesReceived++);
    });
  }

  static async create(): Promise<BrowserLikePeer> {
    const sink = await Bun.udpSocket({ hostname: "127.0.0.1", socket: { data() {}, error() {} } });
    return new BrowserLikePeer(sink);
  }

  /** Trickled local candidates go to `send` as they are found. */
  onCandidate(send: (candidate: CandidateInit) => void): void {
    this.pc.onIceCandidate.subscribe((c) => {
      if (c?.candidate) send({ candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null });
    });
  }

  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.pc.localDescription?.sdp ?? "";
  }

  async accept(answerSdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: "answer", sdp: answerSdp });
  }

  /** One 20 ms PCMU frame of the given byte. */
  sendFrame(fill = 0xff): void {
    const header = new RtpHeader({ payloadType: 0, sequenceNumber: this.seq, timestamp: this.timestamp });
    this.seq = (this.seq + 1) & 0xffff;
    this.timestamp += FRAME_SAMPLES;
    this.transceiver.sender.sendRtp(new RtpPacket(header, Buffer.alloc(FRAME_SAMPLES, fill))).catch(() => {});
  }

  /** Drops off the network without a DTLS goodbye, as a crashed page or a pulled cable does. */
  vanish(): void {
    for (const socket of weriftSockets(this.pc)) socket.close();
  }

  async close(): Promise<void> {
    await this.pc.close().catch(() => {});
    this.stunSink.close();
  }
}

/** The UDP sockets behind a werift peer's ICE (test use: werift keeps them private). */
export function weriftSockets(pc: RTCPeerConnection): Socket[] {
  return pc.iceTransports.flatMap((ice) => {
    const { protocols } = ice.connection as unknown as { protocols: { transport?: { socket?: Socket } }[] };
    return protocols.flatMap((p) => (p.transport?.socket ? [p.transport.socket] : []));
  });
}

function browserLikeConfig(stunSink: string): Partial<PeerConfig> {
  return {
    codecs: { audio: codecParameters(["PCMU", "PCMA"]), video: [] },
    iceServers: [{ urls: `stun:${stunSink}` }],
    iceStunGatherTimeout: 0.05,
    iceUseIpv6: false,
    iceUseTcp: false,
    iceInterfaceAddresses: { udp4: "127.0.0.1" },
    iceAdditionalHostAddresses: ["127.0.0.1"],
  };
}
