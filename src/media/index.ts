/** Media core (RTP, G.711, WebRTC): knows nothing of agents or queues. */
export type { AudioFrame, DtmfDigit, G711Codec, LegStats, MediaLeg, ReceiveStats, SendStats } from "./leg.ts";
/** The server side of a browser's WebRTC connection: ICE-lite, DTLS-SRTP, PCMU/PCMA only. */
export type { WebrtcNetwork } from "./webrtc-config.ts";
export { answerWebrtcOffer, type CandidateInit, WebrtcLeg, type WebrtcLegOptions, type WebrtcLegState } from "./webrtc-leg.ts";
