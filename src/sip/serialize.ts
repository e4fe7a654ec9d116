import type { SipMessage } from "./message.ts";
import type { NameAddr } from "./name-addr.ts";
import { formatHeaderParams, type Params } from "./params.ts";
import { isToken } from "./scanner.ts";
import type { Uri } from "./uri.ts";
import type { Via } from "./via.ts";

const encoder = new TextEncoder();

/**
 * Writes a message to octets: start line, headers in order with CRLF line ends, blank line, body.
 * Content-Length is always written once and always equals the body length. Throws a plain Error for a
 * header name that is not a token or any value with a line break: that is a bug or an injection attempt.
 */
export function serializeMessage(msg: SipMessage): Uint8Array {
  const start = msg.kind === "request" ? `${msg.method} ${msg.uri} ${msg.version}` : `${msg.version} ${msg.status} ${msg.reason}`;
  const badRequestLine = msg.kind === "request" && (!isToken(msg.method) || /[ \t]/.test(msg.uri));
  if (badRequestLine || /[\r\n]/.test(start)) throw new Error("SIP start line cannot be serialized");
  let head = `${start}\r\n`;
  let lengthWritten = false;
  for (const { name, value } of msg.headers) {
    if (name === "Content-Length") {
      if (!lengthWritten) head += line(name, String(msg.body.length));
      lengthWritten = true;
    } else head += line(name, value);
  }
  if (!lengthWritten) head += line("Content-Length", String(msg.body.length));
  const headBytes = encoder.encode(`${head}\r\n`);
  const out = new Uint8Array(headBytes.length + msg.body.length);
  out.set(headBytes);
  out.set(msg.body, headBytes.length);
  return out;
}

function line(name: string, value: string): string {
  if (!isToken(name) || /[\r\n]/.test(value)) throw new Error(`SIP header ${JSON.stringify(name)} cannot be serialized`);
  return `${name}: ${value}\r\n`;
}

const USER_SAFE = /[A-Za-z0-9\-_.!~*'()&=+$,;?/]/;
const PASSWORD_SAFE = /[A-Za-z0-9\-_.!~*'()&=+$,]/;
const PARAM_SAFE = /[A-Za-z0-9\-_.!~*'()[\]/:&+$]/;
const HEADER_SAFE = /[A-Za-z0-9\-_.!~*'()[\]/?:+$]/;

/** Writes a URI, escaping what its component grammar does not allow (RFC 3261 §19.1.2). */
export function formatUri(uri: Uri): string {
  if (uri.kind === "other") return `${uri.scheme}:${uri.opaque}`;
  if (uri.kind === "tel") return `tel:${uri.number}${formatUriParams(uri.params)}`;
  const password = uri.password === undefined ? "" : `:${percentEncode(uri.password, PASSWORD_SAFE)}`;
  const userinfo = uri.user === undefined ? "" : `${percentEncode(uri.user, USER_SAFE)}${password}@`;
  const port = uri.port === undefined ? "" : `:${uri.port}`;
  const headers = uri.headers.map(([n, v]) => `${percentEncode(n, HEADER_SAFE)}=${percentEncode(v, HEADER_SAFE)}`).join("&");
  return `${uri.scheme}:${userinfo}${uri.host}${port}${formatUriParams(uri.params)}${headers ? `?${headers}` : ""}`;
}

function formatUriParams(params: Params): string {
  let out = "";
  for (const [name, value] of params)
    out += `;${percentEncode(name, PARAM_SAFE)}${value === null ? "" : `=${percentEncode(value, PARAM_SAFE)}`}`;
  return out;
}

function percentEncode(text: string, safe: RegExp): string {
  let out = "";
  for (const ch of text) {
    if (safe.test(ch)) out += ch;
    else for (const byte of encoder.encode(ch)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Writes a name-addr, always with angle brackets so URI parameters stay URI parameters. */
export function formatNameAddr(value: NameAddr): string {
  const name = value.displayName === undefined ? "" : `${quote(value.displayName)} `;
  return `${name}<${formatUri(value.uri)}>${formatHeaderParams(value.params)}`;
}

/** A quoted-string; CR and LF cannot be quoted in SIP, so they become spaces. */
export function quote(text: string): string {
  return `"${text.replace(/[\r\n]/g, " ").replace(/["\\]/g, "\\$&")}"`;
}

export function formatVia(via: Via): string {
  const port = via.port === undefined ? "" : `:${via.port}`;
  return `${via.protocol}/${via.transport} ${via.host}${port}${formatHeaderParams(via.params)}`;
}
