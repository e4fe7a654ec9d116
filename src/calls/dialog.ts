import {
  formatUri,
  HeaderList,
  type IncomingRequest,
  type IncomingResponse,
  type Peer,
  type ServerTransaction,
  type SipRequest,
  SIP_VERSION,
  tryParseNameAddr,
} from "../sip/index.ts";

/** A dialog of a trunk call: one the provider's INVITE set up (we are its UAS) or one we dialled (its UAC). */
export type Dialog = {
  readonly callId: string;
  readonly localTag: string;
  readonly remoteTag: string;
  /** The To header of our responses (with our tag): the From of our requests. */
  readonly local: string;
  /** The caller's From header (with their tag): the To of our requests. */
  readonly remote: string;
  /** Their Contact: the Request-URI of our requests. */
  readonly remoteTarget: string;
  /** Record-Route values in the order received: the Route headers of our requests. */
  readonly routeSet: readonly string[];
  /** Where our requests go: the first route's address, else where the INVITE came from. */
  readonly nextHop: Peer;
};

/** The dialog of an INVITE answered through `tx` (its To tag is ours); null when it lacks what a dialog needs. */
export function dialogOf(invite: IncomingRequest, tx: ServerTransaction): Dialog | null {
  const remoteTag = invite.from.params.get("tag");
  const contact = invite.contacts === "*" ? undefined : invite.contacts[0];
  const to = invite.headers.get("To");
  const from = invite.headers.get("From");
  if (!remoteTag || !contact || !to || !from) return null;
  const routeSet = invite.headers.values("Record-Route");
  return {
    callId: invite.callId,
    localTag: tx.toTag,
    remoteTag,
    local: `${to};tag=${tx.toTag}`,
    remote: from,
    remoteTarget: formatUri(contact.uri),
    routeSet,
    nextHop: firstHop(routeSet[0], tx.source),
  };
}

/** A call we dial, before the far end answers: their tag and Contact are not known yet. */
export function dialingDialog(o: { callId: string; localTag: string; from: string; to: string; requestUri: string; peer: Peer }): Dialog {
  return {
    callId: o.callId,
    localTag: o.localTag,
    remoteTag: "",
    local: `${o.from};tag=${o.localTag}`,
    remote: o.to,
    remoteTarget: o.requestUri,
    routeSet: [],
    nextHop: o.peer,
  };
}

/** The dialog the 2xx to our INVITE confirmed (RFC 3261 §12.1.2); null when it lacks a To tag or a Contact. */
export function confirmedDialog(dialing: Dialog, response: IncomingResponse): Dialog | null {
  const remoteTag = response.to.params.get("tag");
  const contact = response.contacts === "*" ? undefined : response.contacts[0];
  const to = response.headers.get("To");
  if (!remoteTag || !contact || !to) return null;
  const routeSet = response.headers.values("Record-Route").reverse();
  return {
    ...dialing,
    remoteTag,
    remote: to,
    remoteTarget: formatUri(contact.uri),
    routeSet,
    nextHop: firstHop(routeSet[0], dialing.nextHop),
  };
}

/** A request of ours within the dialog (BYE); the endpoint adds Via and Max-Forwards. */
export function dialogRequest(dialog: Dialog, method: string, seq: number): SipRequest {
  const headers = new HeaderList([
    { name: "From", value: dialog.local },
    { name: "To", value: dialog.remote },
    { name: "Call-ID", value: dialog.callId },
    { name: "CSeq", value: `${seq} ${method}` },
  ]);
  for (const route of dialog.routeSet) headers.append("Route", route);
  return { kind: "request", method, uri: dialog.remoteTarget, version: SIP_VERSION, headers, body: new Uint8Array(0) };
}

/**
 * The provider's proxy named in Record-Route when it is an IP address; otherwise the address the INVITE
 * came from, which also gets through a NAT in front of the provider (we do no DNS, decision 008).
 */
function firstHop(route: string | undefined, source: Peer): Peer {
  const uri = route ? tryParseNameAddr(route)?.uri : undefined;
  if (uri?.kind !== "sip" || uri.hostKind === "name") return source;
  const address = uri.host.startsWith("[") ? uri.host.slice(1, -1) : uri.host;
  return { transport: source.transport, address, port: uri.port ?? 5060 };
}
