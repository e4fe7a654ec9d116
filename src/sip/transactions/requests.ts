import { HeaderList } from "../header-list.ts";
import type { IncomingResponse, SipRequest } from "../message.ts";

/**
 * The ACK a client INVITE transaction sends for a 300–699 response (RFC 3261 §17.1.1.3): the INVITE's
 * Request-URI, Call-ID, From and CSeq number, its top Via only, the To of the response, and its Route set.
 */
export function ackForFailure(invite: SipRequest, response: IncomingResponse): SipRequest {
  const headers = sameTransaction(invite, "ACK");
  headers.set("To", response.headers.get("To") ?? "");
  return { kind: "request", method: "ACK", uri: invite.uri, version: invite.version, headers, body: new Uint8Array(0) };
}

/** A CANCEL for a pending INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, From, To and top Via. */
export function cancelFor(invite: SipRequest): SipRequest {
  const headers = sameTransaction(invite, "CANCEL");
  return { kind: "request", method: "CANCEL", uri: invite.uri, version: invite.version, headers, body: new Uint8Array(0) };
}

function sameTransaction(invite: SipRequest, method: string): HeaderList {
  const from = invite.headers;
  const headers = new HeaderList();
  const topVia = from.values("Via")[0];
  if (topVia === undefined) throw new Error("an INVITE sent by a transaction always has a Via");
  headers.append("Via", topVia);
  for (const name of ["Max-Forwards", "From", "To", "Call-ID"]) {
    const value = from.get(name);
    if (value !== undefined) headers.append(name, value);
  }
  const seq = (from.get("CSeq") ?? "").split(/[ \t]+/)[0] ?? "";
  headers.append("CSeq", `${seq} ${method}`);
  for (const route of from.getAll("Route")) headers.append("Route", route);
  return headers;
}
