import type { Logger } from "../shared/index.ts";
import {
  DEFAULT_POLICY,
  type Header,
  type IncomingRequest,
  type Peer,
  type ResponseOptions,
  type SipEndpoint,
  type SipRequest,
  type TransportName,
} from "../sip/index.ts";
import { type Dialog, dialogRequest } from "./dialog.ts";

/** The part of the SIP endpoint the call layer uses. */
export type CallSignalling = Pick<SipEndpoint, "request" | "local" | "sendStateless" | "cancel" | "dialogs" | "on">;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The SDP offer of an INVITE, or null when it carries none (an offer in the ACK is not supported). */
export function offerOf(invite: IncomingRequest): string | null {
  if (invite.body.length === 0) return null;
  const type = invite.contentType;
  if (type && (type.type !== "application" || type.subtype !== "sdp")) return null;
  return decoder.decode(invite.body);
}

/** Our Contact: where the provider sends the dialog's later requests (BYE, re-INVITE). */
export function contactOf(endpoint: CallSignalling, transport: TransportName): string | null {
  const local = endpoint.local(transport);
  if (!local) return null;
  const host = local.address.includes(":") ? `[${local.address}]` : local.address;
  return `<sip:switchboard@${host}:${local.port}${transport === "TCP" ? ";transport=tcp" : ""}>`;
}

/** A 2xx with our SDP answer (RFC 3261 §12.1.1: Record-Route copied, our Contact). */
export function answerWith(endpoint: CallSignalling, invite: IncomingRequest, source: Peer, sdp: string): ResponseOptions {
  const headers: Header[] = invite.headers.getAll("Record-Route").map((value) => ({ name: "Record-Route", value }));
  const contact = contactOf(endpoint, source.transport);
  if (contact) headers.push({ name: "Contact", value: contact });
  headers.push({ name: "Allow", value: DEFAULT_POLICY.methods.filter((m) => m !== "REGISTER").join(", ") });
  return { headers, body: encoder.encode(sdp), contentType: "application/sdp" };
}

/** Sends BYE in the dialog; the answer (or a timeout to a vanished far end) needs nothing from us. */
export function sendBye(endpoint: CallSignalling, dialog: Dialog, seq: number, log: Logger): void {
  try {
    endpoint.request(dialogRequest(dialog, "BYE", seq), dialog.nextHop, () => {});
  } catch (error) {
    log.warn("the BYE could not be sent", { callId: dialog.callId, error });
  }
}

/** The INVITE of a call we dial (RFC 3261 §8.1.1), with our SDP offer and, after a challenge, our credentials. */
export function inviteRequest(endpoint: CallSignalling, dialog: Dialog, seq: number, sdp: string, auth?: Header): SipRequest {
  const request = dialogRequest(dialog, "INVITE", seq);
  const contact = contactOf(endpoint, dialog.nextHop.transport);
  if (contact) request.headers.append("Contact", contact);
  request.headers.append("Allow", DEFAULT_POLICY.methods.filter((m) => m !== "REGISTER").join(", "));
  request.headers.append("User-Agent", "Switchboard");
  if (auth) request.headers.append(auth.name, auth.value);
  request.headers.append("Content-Type", "application/sdp");
  return { ...request, body: encoder.encode(sdp) };
}

/** Acknowledges a 2xx to our INVITE (§13.2.2.4): sent end to end, outside the transaction. */
export function sendAck(endpoint: CallSignalling, dialog: Dialog, seq: number, log: Logger): void {
  try {
    endpoint.sendStateless(dialogRequest(dialog, "ACK", seq), dialog.nextHop);
  } catch (error) {
    log.warn("the ACK could not be sent", { callId: dialog.callId, error });
  }
}
