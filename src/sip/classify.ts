import type { Header, HeaderList } from "./header-list.ts";
import { type IncomingRequest, type IncomingResponse, type ParseResult, SIP_VERSION } from "./message.ts";
import { requestChecks } from "./request-checks.ts";
import { toReasonPhrase } from "./response.ts";

/** What a server does with a received message. */
export type Verdict =
  | { readonly action: "accept" }
  | { readonly action: "respond"; readonly status: number; readonly reason: string; readonly headers: readonly Header[] }
  | { readonly action: "drop"; readonly reason: string };

/** What this element implements; requests asking for more are answered with the matching 4xx/5xx. */
export type UasPolicy = {
  /** Methods handled; listed in Allow on 405/501. */
  readonly methods: readonly string[];
  /** Request-URI schemes served; others get 416. */
  readonly uriSchemes: readonly string[];
  /** Option tags supported; a Require naming any other gets 420. */
  readonly extensions: readonly string[];
  /** Request body types understood (lower case); others get 415. */
  readonly bodyTypes: readonly string[];
  /** Names of scanners found in User-Agent values (any case, `-`/`_`/space ignored); such requests are dropped. */
  readonly blockedUserAgents: readonly string[];
  /** warn-agent for Warning headers. */
  readonly agent: string;
};

export const DEFAULT_POLICY: UasPolicy = {
  // INFO carries DTMF within a call (application/dtmf-relay, application/dtmf) where RFC 4733 is not offered.
  methods: ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "INFO"],
  uriSchemes: ["sip", "sips", "tel"],
  extensions: [],
  bodyTypes: ["application/sdp", "application/dtmf-relay", "application/dtmf"],
  blockedUserAgents: ["friendly-scanner", "sipvicious", "sipcli", "sip-scan", "sundayddr", "iwar", "sivus", "vaxsipuseragent", "pplsip"],
  agent: "switchboard",
};

const ACCEPT: Verdict = { action: "accept" };

/**
 * Decides what to do with a parse result: a request that parsed but broke a rule gets the RFC's answer,
 * one that failed to parse gets 400 naming the problem when its head could be read, and everything else
 * that failed (garbage, broken responses) is dropped. ACKs are never answered (RFC 3261 §17.2.1).
 */
export function classify(result: ParseResult, policy: UasPolicy = DEFAULT_POLICY): Verdict {
  if (result.ok) return result.message.kind === "request" ? classifyRequest(result.message, policy) : classifyResponse(result.message);
  const { request, reason } = result.error;
  if (!request || request.method === "ACK") return { action: "drop", reason };
  if (isScannerAgent(request.headers, policy)) return { action: "drop", reason: "Scanner User-Agent" };
  return { action: "respond", status: 400, reason: toReasonPhrase(reason), headers: [] };
}

/** Applies RFC 3261 §8.2 (and the RFC 4475 expectations) to a request that parsed. */
export function classifyRequest(req: IncomingRequest, policy: UasPolicy = DEFAULT_POLICY): Verdict {
  if (isScannerAgent(req.headers, policy)) return { action: "drop", reason: "Scanner User-Agent" };
  for (const check of requestChecks) {
    const verdict = check(req, policy);
    if (!verdict) continue;
    if (req.method === "ACK" && verdict.action === "respond") return { action: "drop", reason: `ACK: ${verdict.reason}` };
    return verdict;
  }
  return ACCEPT;
}

/** A UAC discards responses it cannot match to one of its own requests (RFC 3261 §8.1.3.3). */
export function classifyResponse(res: IncomingResponse): Verdict {
  if (res.version !== SIP_VERSION) return { action: "drop", reason: `Unsupported version ${res.version}` };
  if (res.via.length !== 1) return { action: "drop", reason: "Response with more than one Via" };
  return ACCEPT;
}

/** Case, hyphens, underscores and spaces removed: "Friendly_Scanner" and "friendly scanner" read the same. */
const squash = (text: string): string => text.toLowerCase().replace(/[-_\s]+/g, "");
const squashedLists = new WeakMap<readonly string[], readonly string[]>();

/**
 * Whether the User-Agent names a known scanner (friendly-scanner, sipvicious…), whose requests get no answer.
 * Spelling variants match too: the User-Agent and the names are compared without case, `-`, `_` or spaces.
 */
export function isScannerAgent(headers: HeaderList, policy: UasPolicy): boolean {
  const agent = squash(headers.get("User-Agent") ?? "");
  if (agent === "") return false;
  let names = squashedLists.get(policy.blockedUserAgents);
  if (!names) {
    names = policy.blockedUserAgents.map(squash).filter((name) => name !== "");
    squashedLists.set(policy.blockedUserAgents, names);
  }
  return names.some((name) => agent.includes(name));
}
