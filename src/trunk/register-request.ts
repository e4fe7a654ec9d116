import { HeaderList, type IncomingResponse, type Peer, type SipRequest, type TransportName, tryParseUri, type Uri } from "../sip/index.ts";

/** Where and as whom the appliance registers (RFC 3261 §10.2). */
export type RegistrationTarget = {
  readonly host: string;
  readonly port: number;
  readonly transport: TransportName;
  readonly username: string;
  readonly password: string;
  /** When set, only a challenge of this realm is answered. */
  readonly realm: string;
  readonly expiresS: number;
};

/** The dialog-like state a registration keeps across refreshes (§10.2.4: same Call-ID, rising CSeq). */
export type RegisterIds = { readonly callId: string; readonly fromTag: string; readonly cseq: number };

const hostPart = (host: string) => (host.includes(":") ? `[${host}]` : host);

/** The Request-URI: the registrar's domain (§10.2), with its port when not the default. */
export function registrarUri(target: RegistrationTarget): string {
  return `sip:${hostPart(target.host)}${target.port === 5060 ? "" : `:${target.port}`}`;
}

/** The address-of-record: the account at the provider's domain. */
export function addressOfRecord(target: RegistrationTarget): string {
  return `sip:${target.username}@${hostPart(target.host)}`;
}

/** Where the provider should send calls: our advertised address on the transport of the trunk. */
export function contactUri(target: RegistrationTarget, local: Peer): string {
  const transport = target.transport === "UDP" ? "" : `;transport=${target.transport.toLowerCase()}`;
  return `sip:${target.username}@${hostPart(local.address)}:${local.port}${transport}`;
}

export function buildRegister(
  target: RegistrationTarget,
  ids: RegisterIds,
  contact: string,
  expires: number,
  authorization?: { name: "Authorization" | "Proxy-Authorization"; value: string },
): SipRequest {
  const aor = addressOfRecord(target);
  const headers = new HeaderList([
    { name: "From", value: `<${aor}>;tag=${ids.fromTag}` },
    { name: "To", value: `<${aor}>` },
    { name: "Call-ID", value: ids.callId },
    { name: "CSeq", value: `${ids.cseq} REGISTER` },
    { name: "Contact", value: `<${contact}>;expires=${expires}` },
    { name: "Expires", value: String(expires) },
    { name: "Allow", value: "INVITE, ACK, BYE, CANCEL, OPTIONS" },
    { name: "User-Agent", value: "Switchboard" },
  ]);
  if (authorization) headers.append(authorization.name, authorization.value);
  return { kind: "request", method: "REGISTER", uri: registrarUri(target), version: "SIP/2.0", headers, body: new Uint8Array(0) };
}

/** Seconds the registrar granted our binding (§10.3 step 8): its Contact's expires, else Expires, else undefined. */
export function grantedSeconds(response: IncomingResponse, contact: string): number | undefined {
  const ours = tryParseUri(contact);
  const contacts = response.contacts === "*" ? [] : response.contacts;
  const match = contacts.find((c) => sameBinding(ours, c.uri)) ?? (contacts.length === 1 ? contacts[0] : undefined);
  return seconds(match?.params.get("expires") ?? undefined) ?? seconds(response.headers.get("Expires"));
}

function sameBinding(a: Uri | undefined, b: Uri): boolean {
  if (a?.kind !== "sip" || b.kind !== "sip") return false;
  return a.user === b.user && a.host.toLowerCase() === b.host.toLowerCase() && (a.port ?? 5060) === (b.port ?? 5060);
}

function seconds(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
