/**
 * The contract between a call's media legs and the bridge. A plain RTP leg (trunk, desk phone) and a WebRTC leg
 * (browser, werift) both implement `MediaLeg`, so the bridge, hold music, DTMF and recording never know which
 * kind of far end they talk to.
 */

/** The codecs every leg speaks (ARCHITECTURE.md: G.711 end to end, transcoding only between PCMU and PCMA). */
export type G711Codec = "PCMU" | "PCMA";

/** 8 kHz sampling, 20 ms frames: 160 samples, one byte each in G.711. */
export const SAMPLE_RATE = 8000;
export const FRAME_MS = 20;
export const FRAME_SAMPLES = 160;

/** One packet's worth of audio as it travels from one leg (or a source such as hold music) to another. */
export type AudioFrame = {
  readonly codec: G711Codec;
  /** Encoded samples, one byte per sample (160 for a 20 ms frame). */
  readonly payload: Uint8Array;
  /**
   * Which stream the frame came from (the far end's SSRC, or a source's own number). The sending leg starts a
   * new segment of its outgoing stream when this changes, so the far end still sees one continuous stream.
   */
  readonly source: number;
  /** The source's own RTP timestamp (8 kHz units): gaps from loss or silence keep their length when rewritten. */
  readonly timestamp: number;
  /** The source marked the start of a talkspurt (RTP marker bit). */
  readonly marker: boolean;
};

/** RFC 4733 events 0–15: digits, star, pound and A–D. */
export type DtmfDigit = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "*" | "#" | "A" | "B" | "C" | "D";

export type ReceiveStats = {
  readonly packets: number;
  readonly bytes: number;
  /** Packets missing from the sequence (RFC 3550 A.3: expected − received, never below zero). */
  readonly lost: number;
  /** Interarrival jitter (RFC 3550 §6.4.1) in milliseconds. */
  readonly jitterMs: number;
  /** Datagrams that were not RTP, came from an unexpected address, or carried an unknown payload type. */
  readonly discarded: number;
  /** `performance.now()` of the last accepted packet, null before the first one (for media timeouts). */
  readonly lastPacketAt: number | null;
};

export type SendStats = {
  readonly packets: number;
  readonly bytes: number;
  /** Sends the kernel refused or that reported an earlier ICMP error (a vanished far end). */
  readonly errors: number;
};

export type LegStats = { readonly received: ReceiveStats; readonly sent: SendStats };

/** One side of a call. Nothing here throws on network trouble: failures show in `stats()`. */
export interface MediaLeg {
  /** For logs and stats; unique within the process. */
  readonly id: string;
  readonly kind: "rtp" | "webrtc";
  /** The negotiated codec: `sendFrame` expects frames in it and `onFrame` delivers frames in it. */
  readonly codec: G711Codec;
  readonly closed: boolean;
  /** Sends one frame to the far end (rewritten into this leg's own stream); ignored once closed. */
  sendFrame(frame: AudioFrame): void;
  /** Plays a DTMF digit to the far end (RFC 4733 telephone-events); ignored once closed or when not negotiated. */
  sendDtmf(digit: DtmfDigit, durationMs?: number): void;
  /** The one listener for received audio frames; null detaches it. */
  onFrame(listener: ((frame: AudioFrame) => void) | null): void;
  /** The one listener for received DTMF digits, called once per event as it starts; null detaches it. */
  onDtmf(listener: ((digit: DtmfDigit) => void) | null): void;
  stats(): LegStats;
  /** Stops sending and receiving and frees the leg's sockets or peer connection. Idempotent. */
  close(): void;
}
