import { classifyHost, type HostKind, isIPv6Text, parsePort } from "./host.ts";
import { type Params, paramText, readParams } from "./params.ts";
import { fail, Scanner, splitList } from "./scanner.ts";

/** One Via value (RFC 3261 §20.42, §18.2.1 for received, RFC 3581 for rport). */
export type Via = {
  /** Protocol name and version, e.g. `SIP/2.0`. */
  readonly protocol: string;
  /** Upper-cased transport: UDP, TCP, TLS, SCTP, WS… (unknown ones are kept). */
  readonly transport: string;
  readonly host: string;
  readonly hostKind: HostKind;
  readonly port?: number;
  readonly branch?: string;
  readonly received?: string;
  /** A number when filled in, `true` when the client only asked for it. */
  readonly rport?: number | true;
  readonly params: Params;
};

const HOST_CHAR = /[A-Za-z0-9.-]/;

/** RFC 3261 §8.1.1.7: branches of RFC 3261 clients start with this cookie. */
export const BRANCH_COOKIE = "z9hG4bK";

/** Parses every Via header line, top value first. */
export function parseVias(lines: readonly string[]): Via[] {
  const out: Via[] = [];
  for (const line of lines) {
    for (const item of splitList(line, "Via")) {
      if (!item) fail("Via: empty value in list");
      out.push(parseVia(item));
    }
  }
  return out;
}

export function parseVia(text: string): Via {
  const s = new Scanner(text, "Via");
  s.skipWs();
  const name = s.token("protocol name");
  slash(s);
  const version = s.token("protocol version");
  slash(s);
  const transport = s.token("transport").toUpperCase();
  if (!s.skipWs()) s.fail("expected whitespace before sent-by");
  const hostText = s.peek() === "[" ? `${s.take((ch) => ch !== "]")}${s.eat("]") ? "]" : ""}` : s.take((ch) => HOST_CHAR.test(ch));
  const host = classifyHost(hostText);
  if (!host) return s.fail(`invalid sent-by host "${hostText}"`);
  const port = readPort(s);
  const params = readParams(s);
  s.end();
  return {
    protocol: `${name.toUpperCase()}/${version}`,
    transport,
    host: host.host,
    hostKind: host.kind,
    port,
    params,
    ...special(params, s),
  };
}

function slash(s: Scanner): void {
  s.skipWs();
  s.expect("/", '"/"');
  s.skipWs();
}

function readPort(s: Scanner): number | undefined {
  const mark = s.pos;
  s.skipWs();
  if (!s.eat(":")) {
    s.pos = mark;
    return undefined;
  }
  s.skipWs();
  const text = s.take((ch) => ch >= "0" && ch <= "9");
  const port = parsePort(text);
  if (port === undefined) s.fail(`invalid port "${text}"`);
  return port;
}

function special(params: Params, s: Scanner): Pick<Via, "branch" | "received" | "rport"> {
  const branch = params.get("branch");
  if (branch === null) s.fail("branch without a value");
  const received = paramText(params, "received");
  // RFC 5118 §4.5: accept an IPv6 received value with or without brackets.
  if (received !== undefined && !isIpLiteral(received)) s.fail("received is not an IP address");
  const rportRaw = params.get("rport");
  const rport = rportRaw === undefined ? undefined : rportRaw === null ? true : parsePort(rportRaw);
  if (rportRaw !== undefined && rport === undefined) s.fail("invalid rport");
  return { branch: branch ?? undefined, received, rport };
}

function isIpLiteral(text: string): boolean {
  const kind = classifyHost(text)?.kind;
  return kind === "ipv4" || kind === "ipv6" || isIPv6Text(text);
}
