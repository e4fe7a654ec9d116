/**
 * SIP protocol core. First layer: message model, parser and serializer, the verdict a server owes each
 * received message, responses, and digest authentication. Second layer: UDP and TCP transports, client and
 * server transactions on the injectable clock, and the abuse guard, joined in `SipEndpoint`. It knows nothing
 * of agents, queues or calls and imports only src/shared. No function here throws on network input.
 */

/** The message model: wire-form requests and responses, received ones with parsed core headers, limits. */
export {
  type CoreHeaders,
  type CSeq,
  DEFAULT_LIMITS,
  type IncomingMessage,
  type IncomingRequest,
  type IncomingResponse,
  type MediaType,
  type ParseFailure,
  type ParseLimits,
  type ParseResult,
  type RequestHead,
  SIP_VERSION,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from "./message.ts";

/** Ordered header fields with case-insensitive, compact-form-aware lookup and comma-list splitting. */
export { canonicalName, type Header, HeaderList } from "./header-list.ts";

/** Parse one UDP datagram (RFC 3261 §18.3): Content-Length frames the body, trailing octets are ignored. */
export { parseDatagram } from "./parse.ts";

/** Cut a TCP/TLS byte stream into messages by Content-Length; a fatal failure means close the connection. */
export { StreamFramer } from "./stream-framer.ts";

/** Structured header values: URIs (sip, sips, tel, any other), name-addr, Via and parameters. */
export { type OtherUri, type SipUri, type TelUri, tryParseUri, type Uri, unescapeUri } from "./uri.ts";
export type { HostKind } from "./host.ts";
export { type Contacts, type NameAddr, tryParseNameAddr } from "./name-addr.ts";
export { BRANCH_COOKIE, type Via } from "./via.ts";
export { type Params, paramText } from "./params.ts";
export { parseMediaType } from "./core-headers.ts";

/** Write messages (Content-Length always matches the body) and header values. */
export { formatNameAddr, formatUri, formatVia, quote, serializeMessage } from "./serialize.ts";

/** Decide accept / respond with a status / drop for a received message, as RFC 3261 §8.2 and RFC 4475 expect. */
export {
  classify,
  classifyRequest,
  classifyResponse,
  DEFAULT_POLICY,
  isScannerAgent,
  type UasPolicy,
  type Verdict,
} from "./classify.ts";

/** Build a response to a request or to the head of one that failed to parse (RFC 3261 §8.2.6). */
export { createResponse, REASON_PHRASES, type ResponseOptions, toReasonPhrase } from "./response.ts";

/** Fresh tags, branches and Call-IDs. */
export { newBranch, newCallId, newTag } from "./ids.ts";

/** Digest authentication, server side (RFC 7616, RFC 8760: SHA-256 and MD5, qop=auth, stateless nonces). */
export {
  computeDigestResponse,
  computeHa1,
  createChallenges,
  DEFAULT_NONCE_TTL_MS,
  type DigestAlgorithm,
  type DigestFailure,
  type DigestRequest,
  type DigestServer,
  type DigestVerdict,
  type StoredCredentials,
  verifyDigest,
} from "./digest.ts";

/** Digest authentication, client side: pick a challenge from a 401/407 and answer it. */
export { chooseChallenge, createAuthorization, type DigestAnswer, type DigestChallenge, parseChallenge } from "./digest-client.ts";

/** Second layer: an endpoint (transports + transactions + guard) for the registrar, dialogs and B2BUA to build on. */
export { type EndpointOptions, SipEndpoint } from "./endpoint.ts";
export type { DialogId, DialogOwner, DialogTable } from "./dialog-table.ts";
export type { AckHandler, Refusal, RequestHandler, Restriction, StrayResponseHandler } from "./method-routes.ts";
export { isReliable, type Peer, peerText, type TransportName } from "./peer.ts";
export { SipTransport, TRANSPORT_DEFAULTS, type TransportOptions } from "./transport.ts";
export type { TransportHooks } from "./transport-hooks.ts";
export { responsePeer, stampTopVia } from "./via-received.ts";

/** Transactions (RFC 3261 §17, RFC 6026): what the user of `SipEndpoint` is handed, and the timer values. */
export type { ClientTransaction, ResponseHandler, ResponseOrigin } from "./transactions/client-transaction.ts";
export { InviteClientTransaction } from "./transactions/invite-client.ts";
export { InviteServerTransaction } from "./transactions/invite-server.ts";
export { IllegalTransition } from "./transactions/machine.ts";
export { NonInviteClientTransaction } from "./transactions/non-invite-client.ts";
export { NonInviteServerTransaction } from "./transactions/non-invite-server.ts";
export { ackForFailure, cancelFor } from "./transactions/requests.ts";
export type { ServerTransaction } from "./transactions/server-transaction.ts";
export { DEFAULT_TIMER_SETTINGS, type TimerName, type TimerSettings } from "./transactions/timers.ts";

/** Abuse protection (FEATURES Q2) and the counters behind /metrics. */
export { type Admission, type Ban, type Offence, SipGuard } from "./guard.ts";
export { DEFAULT_GUARD, type GuardConfig } from "./guard-config.ts";
export {
  CounterTally,
  type Direction,
  methodLabel,
  metricsCounters,
  NO_COUNTERS,
  type RejectReason,
  type SipCounters,
} from "./counters.ts";
