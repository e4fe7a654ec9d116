import { type Header, HeaderList } from "./header-list.ts";
import { newTag } from "./ids.ts";
import { type RequestHead, SIP_VERSION, type SipResponse } from "./message.ts";
import { tryParseNameAddr } from "./name-addr.ts";

/** Default reason phrases (RFC 3261 §21 and the extensions the appliance may send). */
export const REASON_PHRASES: Readonly<Record<number, string>> = {
  100: "Trying",
  180: "Ringing",
  181: "Call Is Being Forwarded",
  182: "Queued",
  183: "Session Progress",
  200: "OK",
  202: "Accepted",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  416: "Unsupported URI Scheme",
  420: "Bad Extension",
  423: "Interval Too Brief",
  480: "Temporarily Unavailable",
  481: "Call/Transaction Does Not Exist",
  482: "Loop Detected",
  483: "Too Many Hops",
  486: "Busy Here",
  487: "Request Terminated",
  488: "Not Acceptable Here",
  491: "Request Pending",
  500: "Server Internal Error",
  501: "Not Implemented",
  503: "Service Unavailable",
  505: "Version Not Supported",
  513: "Message Too Large",
  603: "Decline",
};

export type ResponseOptions = {
  /** Defaults to the standard phrase for the status. */
  readonly reason?: string;
  /** Tag added to To when the request has none; a random one by default. */
  readonly toTag?: string;
  /** Extra headers after the copied ones (Allow, Unsupported, Contact…). */
  readonly headers?: readonly Header[];
  readonly body?: Uint8Array;
  readonly contentType?: string;
};

/**
 * Builds a response to a request (RFC 3261 §8.2.6): Via values, From, To, Call-ID and CSeq are copied as
 * written, To gets a tag unless it has one or the status is 100, and a 100 echoes Timestamp (§8.2.6.1).
 * Works from a bare request head too, so a request that failed to parse can still get its 400.
 */
export function createResponse(request: RequestHead, status: number, options: ResponseOptions = {}): SipResponse {
  const from = request.headers;
  const headers = new HeaderList();
  for (const via of from.getAll("Via")) headers.append("Via", via);
  copy(from, headers, "From");
  const to = from.get("To");
  if (to !== undefined) headers.append("To", status === 100 ? to : withTag(to, options.toTag));
  copy(from, headers, "Call-ID");
  copy(from, headers, "CSeq");
  if (status === 100) copy(from, headers, "Timestamp");
  for (const h of options.headers ?? []) headers.append(h.name, h.value);
  const body = options.body ?? new Uint8Array(0);
  if (body.length > 0 && options.contentType) headers.append("Content-Type", options.contentType);
  headers.append("Content-Length", String(body.length));
  const reason = toReasonPhrase(options.reason ?? REASON_PHRASES[status] ?? "");
  return { kind: "response", version: SIP_VERSION, status, reason, headers, body };
}

function copy(from: HeaderList, to: HeaderList, name: string): void {
  const value = from.get(name);
  if (value !== undefined) to.append(name, value);
}

function withTag(to: string, tag: string | undefined): string {
  const parsed = tryParseNameAddr(to);
  // A To that does not parse is echoed untouched: appending to it would not make it valid.
  if (!parsed || parsed.params.has("tag")) return to;
  return `${to};tag=${tag ?? newTag()}`;
}

/** Keeps only what the Reason-Phrase grammar allows (RFC 3261 §25.1), so echoed problem text is safe. */
export function toReasonPhrase(text: string): string {
  return text
    .replace(/"/g, "'")
    .replace(/[^A-Za-z0-9;/?:@&=+$,\-_.!~*'() \u0080-\uffff]/g, "")
    .slice(0, 160);
}
