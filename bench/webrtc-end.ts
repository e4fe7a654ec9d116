/**
 * The emulated browser's media for bench/p2.ts and bench/p2-rtpengine.ts: on a werift peer, a stamped 20 ms PCMU
 * frame each time it is told to, and every frame received counted and timed (bench/rtp-meter.ts).
 */
import { type MediaStreamTrack, type RTCRtpSender, RtpHeader, RtpPacket } from "werift";
import { StreamMeter } from "./rtp-meter.ts";

/** Added-jitter |D| of the frames the werift peers receive, 0.1 ms bins. */
export const webrtcDiffs = new Uint32Array(20_000);

export class WebrtcEnd {
  readonly stream = new StreamMeter(webrtcDiffs);
  /** Set once the peer has negotiated; frames are sent only then. */
  sender: RTCRtpSender | null = null;
  #sequence = 1;
  #timestamp = 0;

  constructor(private readonly window: () => number) {}

  /** Counts what arrives on the peer's remote track. */
  hear(track: MediaStreamTrack): void {
    track.onReceiveRtp.subscribe((rtp) => this.stream.arrived(rtp.payload, rtp.header.timestamp));
  }

  send(): void {
    if (!this.sender) return;
    const header = new RtpHeader({
      payloadType: 0,
      sequenceNumber: this.#sequence,
      timestamp: this.#timestamp,
      marker: this.#sequence === 1,
    });
    this.#sequence = (this.#sequence + 1) & 0xffff;
    this.#timestamp = (this.#timestamp + 160) >>> 0;
    const payload = Buffer.from(this.stream.stamp(this.window()));
    this.sender.sendRtp(new RtpPacket(header, payload)).catch(() => {});
  }
}
