import { classifyHost, type HostKind, parsePort } from "./host.ts";
import type { Params } from "./params.ts";
import { attempt, fail } from "./scanner.ts";

/** A `sip:` or `sips:` URI (RFC 3261 §19.1). User, password, parameters and headers are unescaped. */
export type SipUri = {
  readonly kind: "sip";
  readonly scheme: "sip" | "sips";
  readonly user?: string;
  readonly password?: string;
  /** As written; an IPv6 reference keeps its brackets. */
  readonly host: string;
  readonly hostKind: HostKind;
  readonly port?: number;
  readonly params: Params;
  readonly headers: ReadonlyArray<readonly [string, string]>;
};

/** A `tel:` URI (RFC 3966). */
export type TelUri = { readonly kind: "tel"; readonly scheme: "tel"; readonly number: string; readonly params: Params };

/** Any other absolute URI (`isbn:`, `http:`…), kept opaque. */
export type OtherUri = { readonly kind: "other"; readonly scheme: string; readonly opaque: string };

export type Uri = SipUri | TelUri | OtherUri;

const ESC = "%[0-9A-Fa-f]{2}";
const USER = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()&=+$,;?/]|${ESC})+$`);
const PASSWORD = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()&=+$,]|${ESC})*$`);
const PARAM = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()[\\]/:&+$]|${ESC})+$`);
const HNV = new RegExp(`^(?:[A-Za-z0-9\\-_.!~*'()[\\]/?:+$]|${ESC})*$`);
// Two simple tests rather than one pattern with overlapping stars, which backtracks quadratically.
const TEL_CHARS = /^\+?[0-9A-Fa-f*#\-.()]+$/;
const TEL_DIGIT = /[0-9A-Fa-f*#]/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+\-.]*$/;
const OPAQUE = /^[\x21\x23-\x3b\x3d\x3f-\x7e]+$/;

/** Parses a URI; throws SipSyntaxError (internal) when it is malformed. */
export function parseUri(text: string, what = "URI"): Uri {
  const colon = text.indexOf(":");
  const scheme = text.slice(0, colon).toLowerCase();
  if (colon <= 0 || !SCHEME.test(scheme)) fail(`${what}: missing scheme`);
  const rest = text.slice(colon + 1);
  if (scheme === "sip" || scheme === "sips") return parseSipUri(scheme, rest, what);
  if (scheme === "tel") return parseTelUri(rest, what);
  if (!OPAQUE.test(rest)) fail(`${what}: malformed ${scheme} URI`);
  return { kind: "other", scheme, opaque: rest };
}

/** Parses a URI, or returns undefined when it is malformed. */
export function tryParseUri(text: string): Uri | undefined {
  return attempt(() => parseUri(text));
}

function parseSipUri(scheme: "sip" | "sips", rest: string, what: string): SipUri {
  const at = rest.indexOf("@");
  const userinfo = at >= 0 ? rest.slice(0, at) : undefined;
  const afterUser = at >= 0 ? rest.slice(at + 1) : rest;
  const hostEnd = afterUser.startsWith("[") ? afterUser.indexOf("]") + 1 : afterUser.search(/[:;?]|$/);
  if (hostEnd <= 0) fail(`${what}: missing host`);
  const host = classifyHost(afterUser.slice(0, hostEnd));
  if (!host) fail(`${what}: invalid host "${afterUser.slice(0, hostEnd)}"`);
  let tail = afterUser.slice(hostEnd);
  let port: number | undefined;
  if (tail.startsWith(":")) {
    const portEnd = tail.search(/[;?]|$/);
    port = parsePort(tail.slice(1, portEnd));
    if (port === undefined) fail(`${what}: invalid port "${tail.slice(1, portEnd)}"`);
    tail = tail.slice(portEnd);
  }
  const q = tail.indexOf("?");
  const params = parseUriParams(q >= 0 ? tail.slice(0, q) : tail, what);
  const headers = q >= 0 ? parseUriHeaders(tail.slice(q + 1), what) : [];
  return { kind: "sip", scheme, ...parseUserinfo(userinfo, what), host: host.host, hostKind: host.kind, port, params, headers };
}

function parseUserinfo(userinfo: string | undefined, what: string): { user?: string; password?: string } {
  if (userinfo === undefined) return {};
  const colon = userinfo.indexOf(":");
  const user = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  const password = colon >= 0 ? userinfo.slice(colon + 1) : undefined;
  if (!USER.test(user)) fail(`${what}: invalid user part`);
  if (password !== undefined && !PASSWORD.test(password)) fail(`${what}: invalid password`);
  return { user: unescapeUri(user), password: password === undefined ? undefined : unescapeUri(password) };
}

/** `;name[=value]` pairs of a URI; the text starts with ";" or is empty. */
function parseUriParams(text: string, what: string): Params {
  const params = new Map<string, string | null>();
  if (!text) return params;
  for (const part of text.slice(1).split(";")) {
    const eq = part.indexOf("=");
    const rawName = eq >= 0 ? part.slice(0, eq) : part;
    const rawValue = eq >= 0 ? part.slice(eq + 1) : null;
    if (!PARAM.test(rawName) || (rawValue !== null && !PARAM.test(rawValue))) fail(`${what}: malformed parameter "${part}"`);
    const name = unescapeUri(rawName).toLowerCase();
    if (params.has(name)) fail(`${what}: duplicate parameter "${name}"`);
    params.set(name, rawValue === null ? null : unescapeUri(rawValue));
  }
  return params;
}

function parseUriHeaders(text: string, what: string): Array<[string, string]> {
  return text.split("&").map((part) => {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (eq <= 0 || !HNV.test(name) || !HNV.test(value)) fail(`${what}: malformed header "${part}"`);
    return [unescapeUri(name), unescapeUri(value)];
  });
}

function parseTelUri(rest: string, what: string): TelUri {
  const semi = rest.indexOf(";");
  const number = semi >= 0 ? rest.slice(0, semi) : rest;
  if (!TEL_CHARS.test(number) || !TEL_DIGIT.test(number)) fail(`${what}: invalid telephone number`);
  return { kind: "tel", scheme: "tel", number, params: parseUriParams(semi >= 0 ? rest.slice(semi) : "", what) };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Undoes %HH escapes; the octets are read as UTF-8. Callers have already checked every escape. */
export function unescapeUri(text: string): string {
  if (!text.includes("%")) return text;
  const bytes = encoder.encode(text);
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x25 && i + 2 < bytes.length) {
      out[n++] = Number.parseInt(String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0), 16);
      i += 2;
    } else out[n++] = bytes[i] ?? 0;
  }
  return decoder.decode(out.subarray(0, n));
}
