import type { HeaderList } from "./header-list.ts";
import type { Contacts, NameAddr } from "./name-addr.ts";
import type { Params } from "./params.ts";
import type { Uri } from "./uri.ts";
import type { Via } from "./via.ts";

export const SIP_VERSION = "SIP/2.0";

/** A request as it goes on the wire: start line, ordered headers, body octets. */
export type SipRequest = {
  readonly kind: "request";
  readonly method: string;
  /** The Request-URI as written on the request line. */
  readonly uri: string;
  readonly version: string;
  readonly headers: HeaderList;
  readonly body: Uint8Array;
};

/** A response as it goes on the wire. */
export type SipResponse = {
  readonly kind: "response";
  readonly version: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: HeaderList;
  readonly body: Uint8Array;
};

export type SipMessage = SipRequest | SipResponse;

export type CSeq = { readonly seq: number; readonly method: string };

/** A Content-Type value; type and subtype are lower-cased. */
export type MediaType = { readonly type: string; readonly subtype: string; readonly params: Params };

/** The headers every SIP message must carry (RFC 3261 §8.1.1), parsed and checked on receipt. */
export type CoreHeaders = {
  /** Top value first. */
  readonly via: readonly Via[];
  readonly from: NameAddr;
  readonly to: NameAddr;
  readonly callId: string;
  readonly cseq: CSeq;
  readonly maxForwards?: number;
  readonly contentLength?: number;
  readonly contentType?: MediaType;
  /** Empty when there is no Contact header. */
  readonly contacts: Contacts;
};

/** A received request: wire form plus its parsed Request-URI and core headers (as received). */
export type IncomingRequest = SipRequest & CoreHeaders & { readonly requestUri: Uri };
export type IncomingResponse = SipResponse & CoreHeaders;
export type IncomingMessage = IncomingRequest | IncomingResponse;

/** The start line and headers of a request that could not be parsed completely, enough to answer it. */
export type RequestHead = { readonly method: string; readonly headers: HeaderList };

export type ParseFailure = {
  /** What is wrong, for logs and for the reason phrase of a 400. */
  readonly reason: string;
  /** Present when the message is recognisably a request whose headers could be read. */
  readonly request?: RequestHead;
  /** Stream transports only: framing is lost and the connection must be closed. */
  readonly fatal?: boolean;
};

export type ParseResult = { readonly ok: true; readonly message: IncomingMessage } | { readonly ok: false; readonly error: ParseFailure };

/** Size limits applied while parsing; beyond them the parse fails. */
export type ParseLimits = {
  /** Whole message, start line to the end of the body. */
  readonly maxMessageBytes: number;
  readonly maxHeaders: number;
  /** One header field after unfolding. */
  readonly maxHeaderLength: number;
};

export const DEFAULT_LIMITS: ParseLimits = { maxMessageBytes: 65_535, maxHeaders: 128, maxHeaderLength: 8_192 };

/** The SIP methods this stack knows by name (RFC 3261 and its common extensions). */
export const KNOWN_METHODS: ReadonlySet<string> = new Set([
  "ACK",
  "BYE",
  "CANCEL",
  "INFO",
  "INVITE",
  "MESSAGE",
  "NOTIFY",
  "OPTIONS",
  "PRACK",
  "PUBLISH",
  "REFER",
  "REGISTER",
  "SUBSCRIBE",
  "UPDATE",
]);
