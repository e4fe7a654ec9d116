import { SipSyntaxError, splitList } from "./scanner.ts";

/** One header field line; the value has folding undone and surrounding whitespace trimmed. */
export type Header = { readonly name: string; readonly value: string };

// RFC 3261 §7.3.3 and the extension RFCs that define compact forms (IANA SIP header field registry).
const COMPACT_FORMS: Readonly<Record<string, string>> = {
  a: "Accept-Contact",
  b: "Referred-By",
  c: "Content-Type",
  d: "Request-Disposition",
  e: "Content-Encoding",
  f: "From",
  i: "Call-ID",
  j: "Reject-Contact",
  k: "Supported",
  l: "Content-Length",
  m: "Contact",
  n: "Identity-Info",
  o: "Event",
  r: "Refer-To",
  s: "Subject",
  t: "To",
  u: "Allow-Events",
  v: "Via",
  x: "Session-Expires",
  y: "Identity",
};

const KNOWN = [
  "Accept",
  "Accept-Encoding",
  "Accept-Language",
  "Alert-Info",
  "Allow",
  "Authentication-Info",
  "Authorization",
  "Call-Info",
  "Content-Disposition",
  "Content-Language",
  "CSeq",
  "Date",
  "Error-Info",
  "Expires",
  "In-Reply-To",
  "Max-Forwards",
  "Min-Expires",
  "Min-SE",
  "MIME-Version",
  "Organization",
  "P-Asserted-Identity",
  "P-Preferred-Identity",
  "Path",
  "Priority",
  "Privacy",
  "Proxy-Authenticate",
  "Proxy-Authorization",
  "Proxy-Require",
  "RAck",
  "Reason",
  "Record-Route",
  "Replaces",
  "Reply-To",
  "Require",
  "Retry-After",
  "Route",
  "RSeq",
  "Server",
  "Service-Route",
  "Subscription-State",
  "Timestamp",
  "Unsupported",
  "User-Agent",
  "Warning",
  "WWW-Authenticate",
  ...Object.values(COMPACT_FORMS),
];
// Maps, not object lookups: a header named "constructor" must not find Object.prototype.
const COMPACT = new Map(Object.entries(COMPACT_FORMS));
const CANONICAL = new Map(KNOWN.map((name) => [name.toLowerCase(), name]));

/** The long, conventionally spelled name of a header (`v` → `Via`, `cseq` → `CSeq`); unknown names unchanged. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT.get(lower) ?? CANONICAL.get(lower) ?? name;
}

// Lookups use a handful of constant names; remembering their keys saves lower-casing on every call.
const keyCache = new Map<string, string>();
function keyOf(name: string): string {
  let key = keyCache.get(name);
  if (key === undefined) {
    key = canonicalName(name).toLowerCase();
    if (keyCache.size < 256) keyCache.set(name, key);
  }
  return key;
}

/** Header fields in wire order with case-insensitive, compact-form-aware lookup. */
export class HeaderList implements Iterable<Header> {
  private readonly entries: Array<Header & { readonly key: string }> = [];

  constructor(entries: Iterable<Header> = []) {
    for (const h of entries) this.append(h.name, h.value);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The value of the first line with this name. */
  get(name: string): string | undefined {
    const key = keyOf(name);
    return this.entries.find((h) => h.key === key)?.value;
  }

  /** The value of every line with this name, in order. */
  getAll(name: string): string[] {
    const key = keyOf(name);
    return this.entries.filter((h) => h.key === key).map((h) => h.value);
  }

  /**
   * Every element of a comma-separated list header (Via, Contact, Route, Allow, Supported…) across all of
   * its lines; commas inside quotes or <> do not split. Not for headers whose grammar uses commas otherwise
   * (WWW-Authenticate, Authorization, Date).
   */
  values(name: string): string[] {
    return this.getAll(name).flatMap((line) => splitLenient(line).filter(Boolean));
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  append(name: string, value: string): this {
    const canonical = canonicalName(name);
    this.entries.push({ name: canonical, value, key: canonical.toLowerCase() });
    return this;
  }

  /** Replaces the first line with this name (dropping any others) or appends one. */
  set(name: string, value: string): this {
    const key = keyOf(name);
    const at = this.entries.findIndex((h) => h.key === key);
    if (at < 0) return this.append(name, value);
    this.entries[at] = { name: canonicalName(name), value, key };
    this.remove(name, at + 1);
    return this;
  }

  /** Removes every line with this name from position `from` on. */
  remove(name: string, from = 0): this {
    const key = keyOf(name);
    for (let i = this.entries.length - 1; i >= from; i--) if (this.entries[i]?.key === key) this.entries.splice(i, 1);
    return this;
  }

  clone(): HeaderList {
    return new HeaderList(this.entries);
  }

  *[Symbol.iterator](): Iterator<Header> {
    for (const { name, value } of this.entries) yield { name, value };
  }
}

function splitLenient(line: string): string[] {
  try {
    return splitList(line, "header");
  } catch (e) {
    if (e instanceof SipSyntaxError) return [line];
    throw e;
  }
}
