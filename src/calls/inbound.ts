import type { IncomingRequest, Uri } from "../sip/index.ts";

/** What a trunk INVITE tells about the call, for routing and for the agent (FEATURES V2, V6). */
export type InboundFacts = {
  /** The dialled number: the Request-URI's user part, else the To header's. */
  readonly did: string;
  /** The From display name, empty when there is none. */
  readonly callerName: string;
  /** The From user part or telephone number. */
  readonly callerNumber: string;
  /** SIP `X-` headers by their name as written, in order. */
  readonly xHeaders: Record<string, string>;
};

/** At most this many X- headers are kept, each value cut to a length the console can show. */
export const MAX_X_HEADERS = 16;
export const MAX_X_VALUE = 256;
const MAX_NAME = 128;

function userOf(uri: Uri): string {
  if (uri.kind === "sip") return uri.user ?? "";
  if (uri.kind === "tel") return uri.number;
  return "";
}

export function readInbound(invite: IncomingRequest): InboundFacts {
  const did = userOf(invite.requestUri) || userOf(invite.to.uri);
  const xHeaders: Record<string, string> = {};
  let kept = 0;
  for (const header of invite.headers) {
    if (kept >= MAX_X_HEADERS) break;
    if (!/^x-/i.test(header.name) || header.name in xHeaders) continue;
    xHeaders[header.name] = header.value.trim().slice(0, MAX_X_VALUE);
    kept++;
  }
  return {
    did,
    callerName: (invite.from.displayName ?? "").trim().slice(0, MAX_NAME),
    callerNumber: userOf(invite.from.uri).slice(0, MAX_NAME),
    xHeaders,
  };
}
