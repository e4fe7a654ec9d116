import type { UasPolicy, Verdict } from "./classify.ts";
import { parseMediaType } from "./core-headers.ts";
import { type IncomingRequest, KNOWN_METHODS, SIP_VERSION } from "./message.ts";
import { REASON_PHRASES, toReasonPhrase } from "./response.ts";
import { isToken, SipSyntaxError } from "./scanner.ts";
import { BRANCH_COOKIE } from "./via.ts";

export type RequestCheck = (req: IncomingRequest, policy: UasPolicy) => Verdict | undefined;

function respond(status: number, reason?: string, ...headers: Array<[string, string]>): Verdict {
  return {
    action: "respond",
    status,
    reason: reason ?? REASON_PHRASES[status] ?? "",
    headers: headers.map(([name, value]) => ({ name, value })),
  };
}

const version: RequestCheck = (req) => (req.version === SIP_VERSION ? undefined : respond(505));

const scheme: RequestCheck = (req, p) => (p.uriSchemes.includes(req.requestUri.scheme) ? undefined : respond(416));

/** RFC 3261 §8.2.1: 405 for a method we know but do not handle, 501 for one we do not know at all. */
const method: RequestCheck = (req, p) => {
  if (p.methods.includes(req.method)) return undefined;
  return respond(KNOWN_METHODS.has(req.method) ? 405 : 501, undefined, ["Allow", p.methods.join(", ")]);
};

/** RFC 4475 §3.1.2.17. */
const cseqMethod: RequestCheck = (req) =>
  req.cseq.method === req.method ? undefined : respond(400, "CSeq method does not match the request method");

/** RFC 4475 §3.2.1: the cookie alone identifies no transaction. */
const branch: RequestCheck = (req) =>
  req.via[0]?.branch === BRANCH_COOKIE ? respond(400, "Via branch has no transaction identifier") : undefined;

/** A B2BUA must not pass on a request that has run out of hops (RFC 7332); OPTIONS is answered here (RFC 3261 §11). */
const maxForwards: RequestCheck = (req) => (req.maxForwards === 0 && req.method !== "OPTIONS" ? respond(483) : undefined);

/** RFC 3261 §10.3: an address-of-record is a SIP or SIPS URI (RFC 4475 §3.3.4). */
const registerTo: RequestCheck = (req) =>
  req.method === "REGISTER" && req.to.uri.kind !== "sip" ? respond(400, "To of a REGISTER must be a SIP or SIPS URI") : undefined;

/** RFC 3261 §8.2.2.3; ACK and CANCEL are exempt. */
const require: RequestCheck = (req, p) => {
  if (req.method === "ACK" || req.method === "CANCEL") return undefined;
  const tags = req.headers.values("Require");
  if (!tags.every(isToken)) return respond(400, "Malformed Require header");
  const unsupported = tags.filter((t) => !p.extensions.some((e) => e.toLowerCase() === t.toLowerCase()));
  return unsupported.length > 0 ? respond(420, undefined, ["Unsupported", unsupported.join(", ")]) : undefined;
};

/** RFC 3261 §8.2.3 and §20.15. */
const body: RequestCheck = (req, p) => {
  if (req.body.length === 0) return undefined;
  if (!req.contentType) return respond(400, "Missing Content-Type");
  const encodings = req.headers.values("Content-Encoding").map((e) => e.toLowerCase());
  if (encodings.some((e) => e !== "identity")) return respond(415, undefined, ["Accept-Encoding", "identity"]);
  const type = `${req.contentType.type}/${req.contentType.subtype}`;
  return p.bodyTypes.includes(type) ? undefined : respond(415, undefined, ["Accept", p.bodyTypes.join(", ")]);
};

/** An INVITE's answer carries SDP, so its Accept must allow application/sdp (RFC 4475 §3.3.15). */
const accept: RequestCheck = (req, p) => {
  if (req.method !== "INVITE" || !req.headers.has("Accept")) return undefined;
  try {
    const ranges = req.headers.values("Accept").map((v) => parseMediaType(v, "Accept"));
    if (ranges.some((r) => (r.type === "*" || r.type === "application") && (r.subtype === "*" || r.subtype === "sdp"))) return undefined;
  } catch (e) {
    if (e instanceof SipSyntaxError) return respond(400, toReasonPhrase(e.message));
    throw e;
  }
  return respond(406, undefined, ["Warning", `399 ${p.agent} "Only application/sdp answers are available"`]);
};

/** In RFC 3261 §8.2 order, with the syntax-level rejections before the feature-level ones. */
export const requestChecks: readonly RequestCheck[] = [
  version,
  scheme,
  method,
  cseqMethod,
  branch,
  maxForwards,
  registerTo,
  require,
  body,
  accept,
];
