import type { CandidateInit } from "../media/index.ts";

/** Largest signalling message accepted from a browser (an offer with audio and a data channel is ~4 KB). */
export const MAX_SIGNAL_BYTES = 16 * 1024;
const MAX_SDP = 12 * 1024;
const MAX_CANDIDATE = 512;

/** What the phone island sends (simple-peer's own signal objects, plus hangup). */
export type BrowserSignal = { type: "offer"; sdp: string } | { type: "candidate"; candidate: CandidateInit } | { type: "hangup" };

/** What the appliance sends back. `ready` means media is flowing both ways. */
export type ServerSignal =
  | { type: "answer"; sdp: string }
  | { type: "candidate"; candidate: CandidateInit }
  | { type: "ready"; codec: string }
  | { type: "hangup"; reason: string };

/** A message refused; the reason is sent as the WebSocket close reason. */
export class BadSignal extends Error {}

/** Reads one untrusted WebSocket text message; throws BadSignal with a short reason. */
export function parseSignal(text: string): BrowserSignal {
  if (text.length > MAX_SIGNAL_BYTES) throw new BadSignal("Message too big");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new BadSignal("Message is not JSON");
  }
  if (!isRecord(data)) throw new BadSignal("Message is not an object");
  switch (data.type) {
    case "offer":
      return { type: "offer", sdp: readSdp(data.sdp) };
    case "candidate":
      return { type: "candidate", candidate: readCandidate(data.candidate) };
    case "hangup":
      return { type: "hangup" };
    default:
      throw new BadSignal("Unknown message type");
  }
}

function readSdp(sdp: unknown): string {
  if (typeof sdp !== "string" || !sdp.startsWith("v=0") || sdp.length > MAX_SDP) throw new BadSignal("Offer is not a session description");
  return sdp;
}

function readCandidate(value: unknown): CandidateInit {
  if (!isRecord(value)) throw new BadSignal("Candidate is not an object");
  const { candidate, sdpMid, sdpMLineIndex } = value;
  if (typeof candidate !== "string" || candidate.length > MAX_CANDIDATE || /[\r\n]/.test(candidate))
    throw new BadSignal("Candidate is not a candidate line");
  if (sdpMid != null && (typeof sdpMid !== "string" || sdpMid.length > 32)) throw new BadSignal("Candidate has a bad sdpMid");
  if (sdpMLineIndex != null && !(Number.isInteger(sdpMLineIndex) && (sdpMLineIndex as number) >= 0 && (sdpMLineIndex as number) < 16))
    throw new BadSignal("Candidate has a bad sdpMLineIndex");
  return {
    candidate,
    sdpMid: (sdpMid as string | null | undefined) ?? null,
    sdpMLineIndex: (sdpMLineIndex as number | null | undefined) ?? null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
