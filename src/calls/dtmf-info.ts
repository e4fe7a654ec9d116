import { type DtmfDigit, isDtmfDigit } from "../media/index.ts";
import type { Logger } from "../shared/index.ts";
import type { IncomingRequest, SipRequest } from "../sip/index.ts";
import { type Dialog, dialogRequest } from "./dialog.ts";
import type { CallSignalling } from "./signalling.ts";

/**
 * DTMF in SIP INFO (FEATURES V4), the fallback for far ends without RFC 4733 telephone-events: the legacy
 * INFO usage of RFC 6086 §2 with Cisco's `application/dtmf-relay` body (`Signal=5`, `Duration=160`) or a
 * bare `application/dtmf` digit, as providers and gateways send them.
 */
export const DTMF_INFO_TYPES = ["application/dtmf-relay", "application/dtmf"] as const;

/** A digit's body is a few dozen octets; anything past this is not one and is refused unread. */
export const MAX_DTMF_INFO_BYTES = 256;
/** The Duration we write, as our RFC 4733 digits last. */
export const INFO_DIGIT_MS = 160;

export type DtmfInfo =
  | { readonly ok: true; readonly digit: DtmfDigit | null }
  | { readonly ok: false; readonly status: 400 | 415; readonly reason: string };

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** The digit of a received INFO; null for an INFO without a body (some gateways send those as keep-alives). */
export function readDtmfInfo(request: Pick<IncomingRequest, "contentType" | "body">): DtmfInfo {
  if (request.body.length === 0) return { ok: true, digit: null };
  const type = request.contentType ? `${request.contentType.type}/${request.contentType.subtype}` : "";
  if (type !== "application/dtmf-relay" && type !== "application/dtmf")
    return { ok: false, status: 415, reason: "Only DTMF bodies are accepted in INFO" };
  if (request.body.length > MAX_DTMF_INFO_BYTES) return bad("DTMF body too large");
  let text: string;
  try {
    text = decoder.decode(request.body);
  } catch {
    return bad("DTMF body is not text");
  }
  const digit = type === "application/dtmf" ? digitOf(text) : relaySignal(text);
  return digit ? { ok: true, digit } : bad(type === "application/dtmf" ? "Not a DTMF digit" : "Malformed dtmf-relay body");
}

/** The `application/dtmf-relay` body of one digit. */
export function dtmfRelayBody(digit: DtmfDigit, durationMs = INFO_DIGIT_MS): string {
  return `Signal=${digit}\r\nDuration=${durationMs}\r\n`;
}

/** An INFO carrying one digit within the dialog. */
export function infoRequest(dialog: Dialog, seq: number, digit: DtmfDigit): SipRequest {
  const request = dialogRequest(dialog, "INFO", seq);
  request.headers.append("Content-Type", "application/dtmf-relay");
  return { ...request, body: encoder.encode(dtmfRelayBody(digit)) };
}

/** Sends a digit as INFO; a refusal or a timeout is logged (without the digit, which may be a PIN) and nothing more. */
export function sendInfoDigit(endpoint: CallSignalling, dialog: Dialog, seq: number, digit: DtmfDigit, log: Logger): void {
  const { callId } = dialog;
  try {
    endpoint.request(infoRequest(dialog, seq, digit), dialog.nextHop, (response, origin) => {
      if (response.status >= 300) log.warn("a DTMF INFO was refused", { callId, status: response.status, origin });
    });
  } catch (error) {
    log.warn("a DTMF INFO could not be sent", { callId, error });
  }
}

function bad(reason: string): DtmfInfo {
  return { ok: false, status: 400, reason };
}

/** One key, written alone (surrounding whitespace and a lower-case a–d allowed). */
function digitOf(text: string): DtmfDigit | null {
  const key = text.trim().toUpperCase();
  return isDtmfDigit(key) ? key : null;
}

/** `Signal=<key>` once, an optional numeric `Duration`, other `name=value` lines ignored; null when malformed. */
function relaySignal(text: string): DtmfDigit | null {
  let signal: DtmfDigit | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const eq = line.indexOf("=");
    if (eq < 0) return null;
    const name = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1);
    if (name === "signal") {
      if (signal !== null) return null;
      signal = digitOf(value);
      if (signal === null) return null;
    } else if (name === "duration" && !/^\s*\d{1,5}\s*$/.test(value)) return null;
  }
  return signal;
}
