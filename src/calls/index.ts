/**
 * The voice channel (FEATURES V2, V4, V6): a back-to-back user agent between the SIP trunk and the agents'
 * browser phones. Trunk INVITEs become queued voice interactions with hold music; the answering agent's
 * phone is bridged to the caller; the console's controls act on the call.
 */
export { CALL_NOTICE, CALL_UPDATED, type CallEvents } from "./call-events.ts";
export { type CallControl, CallService, type CallServiceOptions } from "./call-service.ts";
export type { CallState } from "./call-state.ts";
export type { AgentPhoneLeg, CallView, PhoneLookup } from "./call-view.ts";
export type { Call } from "./call.ts";
export { type CallMedia, DEFAULT_MAX_CALLS, type InboundTarget } from "./inbound-calls.ts";
export type { OutsideLine } from "./outbound-calls.ts";
export type { Colleague } from "./internal-calls.ts";
export type { Dialler } from "./call-service.ts";
export { failureMessage } from "./outbound-outcome.ts";
export { MAX_X_HEADERS, MAX_X_VALUE } from "./inbound.ts";
export { MEDIA_TIMEOUT_MS } from "./media-watchdog.ts";
export { endOrphanedCalls } from "./orphans.ts";
export { readyPhonesOnly } from "./phone-reach.ts";
export { createVoiceLine, type TrunkSide, type VoiceLine } from "./voice-line.ts";
export { type RtpMediaOptions, rtpCallMedia } from "./rtp-media.ts";
