import { codecForStaticType, STATIC_PAYLOAD_TYPES } from "./g711.ts";
import { FRAME_MS, type G711Codec } from "./leg.ts";
import { fail, ok, type Result } from "./result.ts";
import type { RemoteEndpoint } from "./rtp-session.ts";
import { type Direction, type MediaSection, parseSdp, type SessionDescription } from "./sdp-parse.ts";
import { intersect, reverse } from "./sdp-direction.ts";
import { type MediaToWrite, serializeSdp } from "./sdp-write.ts";

export type { Direction, MediaSection, SessionDescription } from "./sdp-parse.ts";
export { parseSdp } from "./sdp-parse.ts";
export { type MediaToWrite, type SdpToWrite, serializeSdp } from "./sdp-write.ts";

/** Our side of an audio offer or answer (RFC 3264) for a plain RTP leg. */
export type LocalAudio = {
  readonly address: string;
  readonly port: number;
  /** Codecs in our order of preference (default PCMU, then PCMA). */
  readonly codecs?: readonly G711Codec[];
  /** What we want: sendrecv normally, sendonly to put the far end on hold (default sendrecv). */
  readonly direction?: Direction;
  /** The o= line's session id and version: the version goes up by one with each new offer or answer. */
  readonly sessionId: string;
  readonly version: number;
  /** The telephone-event payload type we offer (default 101); null offers no DTMF events. */
  readonly dtmfPayloadType?: number | null;
};

/** What an exchange settled: everything an RTP leg needs (`RtpLeg.apply`), seen from our side. */
export type NegotiatedAudio = {
  readonly codec: G711Codec;
  readonly payloadType: number;
  readonly dtmfPayloadType: number | null;
  /** What we may do: we send unless it says recvonly or inactive. */
  readonly direction: Direction;
  /** Null when the far end gave no address to send to (port 0, or 0.0.0.0 for an old-style hold). */
  readonly remote: RemoteEndpoint | null;
  readonly ptime: number | null;
  /** The far end holds us: it said sendonly or inactive, or gave 0.0.0.0 (RFC 2543). */
  readonly held: boolean;
};

const DEFAULT_CODECS: readonly G711Codec[] = ["PCMU", "PCMA"];
const PROTOCOL = "RTP/AVP";

export function createOffer(local: LocalAudio): string {
  const dtmf = local.dtmfPayloadType === undefined ? 101 : local.dtmfPayloadType;
  return serializeSdp({
    sessionId: local.sessionId,
    version: local.version,
    address: local.address,
    media: [
      audioSection(
        local,
        (local.codecs ?? DEFAULT_CODECS).map((c) => [STATIC_PAYLOAD_TYPES[c], c] as const),
        dtmf,
        local.direction,
      ),
    ],
  });
}

/**
 * Answers an offer (RFC 3264 §6): the first RTP/AVP audio stream with a codec in common is accepted, taking
 * the offerer's first codec that we support; every other stream is refused with port 0. No such stream at
 * all is an error (the SIP layer answers 488 Not Acceptable Here).
 */
export function answerOffer(offerText: string, local: LocalAudio): Result<{ sdp: string; audio: NegotiatedAudio }> {
  const offer = parseSdp(offerText);
  if (!offer.ok) return offer;
  let audio: NegotiatedAudio | null = null;
  const media = offer.value.media.map((section): MediaToWrite => {
    const settled = audio ? null : settle(offer.value, section, local.codecs ?? DEFAULT_CODECS, local.direction ?? "sendrecv");
    if (!settled)
      return { kind: section.kind, port: 0, protocol: section.protocol, formats: section.formats.map((f) => ({ payloadType: f })) };
    audio = settled;
    return audioSection(local, [[settled.payloadType, settled.codec]], settled.dtmfPayloadType, settled.direction);
  });
  if (!audio) return fail("no common codec");
  return ok({ sdp: serializeSdp({ sessionId: local.sessionId, version: local.version, address: local.address, media }), audio });
}

/** Reads the answer to our offer: its first live audio stream must use a codec we offered. */
export function readAnswer(answerText: string, offered: LocalAudio): Result<NegotiatedAudio> {
  const answer = parseSdp(answerText);
  if (!answer.ok) return answer;
  const section = answer.value.media.find((m) => m.kind === "audio");
  if (!section || section.port === 0) return fail("the answer refused the audio stream");
  const settled = settle(answer.value, section, offered.codecs ?? DEFAULT_CODECS, offered.direction ?? "sendrecv");
  return settled ? ok(settled) : fail("the answer has no codec we offered");
}

function settle(sdp: SessionDescription, section: MediaSection, codecs: readonly G711Codec[], wanted: Direction): NegotiatedAudio | null {
  if (section.kind !== "audio" || section.port === 0 || section.protocol !== PROTOCOL) return null;
  const chosen = section.formats.map(Number).find((pt) => {
    const codec = codecOf(section, pt);
    return codec !== null && codecs.includes(codec);
  });
  if (chosen === undefined) return null;
  const address = section.connection ?? sdp.connection;
  const placeholder = !address || address === "0.0.0.0" || address === "::";
  const theirs = section.direction ?? sdp.direction ?? "sendrecv";
  return {
    codec: codecOf(section, chosen) as G711Codec,
    payloadType: chosen,
    dtmfPayloadType: section.formats.map(Number).find((pt) => isTelephoneEvent(section, pt)) ?? null,
    direction: intersect(reverse(theirs), wanted),
    remote: placeholder ? null : { address, port: section.port, rtcpPort: section.rtcp?.port ?? section.port + 1 },
    ptime: section.ptime,
    held: placeholder || theirs === "sendonly" || theirs === "inactive",
  };
}

function audioSection(
  local: LocalAudio,
  codecs: readonly (readonly [number, G711Codec])[],
  dtmf: number | null,
  direction?: Direction,
): MediaToWrite {
  const formats: { payloadType: string; rtpmap: string; fmtp?: string }[] = codecs.map(([pt, codec]) => ({
    payloadType: String(pt),
    rtpmap: `${codec}/8000`,
  }));
  if (dtmf !== null) formats.push({ payloadType: String(dtmf), rtpmap: "telephone-event/8000", fmtp: "0-15" });
  return { kind: "audio", port: local.port, protocol: PROTOCOL, formats, direction: direction ?? "sendrecv", ptime: FRAME_MS };
}

/** The G.711 codec a payload type stands for: its rtpmap when given, else the static assignment. */
function codecOf(section: MediaSection, payloadType: number): G711Codec | null {
  const map = section.rtpmaps.get(payloadType);
  if (!map) return codecForStaticType(payloadType);
  const name = map.encoding.toUpperCase();
  return (name === "PCMU" || name === "PCMA") && map.clockRate === 8000 && map.channels === 1 ? name : null;
}

function isTelephoneEvent(section: MediaSection, payloadType: number): boolean {
  const map = section.rtpmaps.get(payloadType);
  return map !== undefined && map.encoding.toLowerCase() === "telephone-event" && map.clockRate === 8000;
}
