/** Media core (RTP, G.711, WebRTC): knows nothing of agents or queues. */
export type { AudioFrame, DtmfDigit, G711Codec, LegStats, MediaLeg, ReceiveStats, SendStats } from "./leg.ts";
/** The server side of a browser's WebRTC connection: ICE-lite, DTLS-SRTP, PCMU/PCMA only. */
export type { WebrtcNetwork } from "./webrtc-config.ts";
export { answerWebrtcOffer, type CandidateInit, WebrtcLeg, type WebrtcLegOptions, type WebrtcLegState } from "./webrtc-leg.ts";

/** Plain RTP legs (trunks, desk phones): sessions on a bounded port range, symmetric RTP, RFC 3550 stats. */
export { RtpLeg, type RtpLegMedia } from "./rtp-leg.ts";
export { DEFAULT_PORT_RANGE, PortPool, type PortRange } from "./port-pool.ts";
export type { RemoteEndpoint, SessionStats } from "./rtp-session.ts";
export type { RemoteReport } from "./rtcp-reporter.ts";
export { OutboundStream, type OutboundHeader } from "./outbound-stream.ts";

/** SDP offer/answer for G.711 audio with telephone-event and hold directions (RFC 3264, RFC 4566). */
export { answerOffer, createOffer, type Direction, type LocalAudio, type NegotiatedAudio, parseSdp, readAnswer } from "./sdp.ts";

/** The per-call bridge and its taps: hold music and announcements, mute, DTMF, recording. */
export { Bridge } from "./bridge.ts";
export type { BridgeOptions, BridgeStats, FlowStats, MuteMode, RecorderTap, Side } from "./bridge-taps.ts";
export { AudioClip, ClipPlayer, type FrameSource } from "./audio-clip.ts";
export { holdMusicPlayer, loadClip, loadHoldMusic } from "./hold-music.ts";
export { ringbackPlayer } from "./ringback.ts";
export { type PlaybackHooks, play } from "./playback.ts";
export { isDtmfDigit } from "./dtmf.ts";

/** Media pacing on a monotonic timer (not the domain Clock); the manual one drives tests. */
export { ManualScheduler, type MediaScheduler, RealtimeScheduler, type Ticker } from "./scheduler.ts";
export { FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE } from "./leg.ts";
export type { Result } from "./result.ts";

/** Uploaded WAV or MP3 converted once to 8 kHz mono µ-law; the built-in spoken prompts. */
export { type ImportedAudio, importAudio } from "./audio-import.ts";
export { loadPrompts, type Prompts } from "./prompts.ts";
export { HIGHEST_SPOKEN_NUMBER, type PromptName } from "./prompt-texts.ts";
