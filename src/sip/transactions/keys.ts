import type { CSeq, IncomingRequest, IncomingResponse } from "../message.ts";
import type { NameAddr } from "../name-addr.ts";
import { BRANCH_COOKIE, type Via } from "../via.ts";

/** An ACK to a non-2xx final response belongs to the INVITE's transaction (RFC 3261 §17.2.3). */
const keyMethod = (method: string): string => (method === "ACK" ? "INVITE" : method);

/** The sent-by of a Via with the transport's default port filled in; host names compare without case. */
export function sentBy(via: Via): string {
  return `${via.host.toLowerCase()}:${via.port ?? (via.transport === "TLS" ? 5061 : 5060)}`;
}

/**
 * The server transaction a request belongs to (RFC 3261 §17.2.3): top Via branch, sent-by and method. A
 * branch without the RFC 3261 cookie comes from an RFC 2543 client; such requests are matched on Call-ID,
 * CSeq number, From tag and sent-by instead, a simplification of §17.2.3 that ignores the To tag and the
 * Request-URI. `method` lets a CANCEL look up the INVITE it cancels.
 */
export function serverKey(req: IncomingRequest, method: string = req.method): string {
  const via = req.via[0] as Via;
  const m = keyMethod(method);
  if (via.branch?.startsWith(BRANCH_COOKIE)) return `${via.branch}|${sentBy(via)}|${m}`;
  return `2543|${req.callId}|${req.cseq.seq}|${tagOf(req.from)}|${sentBy(via)}|${m}`;
}

/** The client transaction a response belongs to (RFC 3261 §17.1.3): top Via branch and CSeq method. */
export function clientKey(branch: string, method: string): string {
  return `${branch}|${method}`;
}

export function responseKey(res: IncomingResponse): string | undefined {
  const branch = res.via[0]?.branch;
  return branch === undefined ? undefined : clientKey(branch, res.cseq.method);
}

/**
 * An ACK to a 2xx is a transaction of its own with a new branch (§13.2.2.4); it finds the accepted INVITE
 * by Call-ID, CSeq number and From tag.
 */
export function inviteKey(msg: { readonly callId: string; readonly cseq: CSeq; readonly from: NameAddr }): string {
  return `${msg.callId}|${msg.cseq.seq}|${tagOf(msg.from)}`;
}

function tagOf(address: NameAddr): string {
  return address.params.get("tag") ?? "";
}
