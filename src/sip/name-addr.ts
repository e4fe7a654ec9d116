import { type Params, readParams } from "./params.ts";
import { attempt, fail, isToken, Scanner, splitList, trimWs } from "./scanner.ts";
import { parseUri, type Uri } from "./uri.ts";

/** A From/To/Contact-style value: optional display name, URI and header parameters (tag, expires, q…). */
export type NameAddr = {
  /** Unquoted and unescaped; an unquoted display name has its words joined by one space. */
  readonly displayName?: string;
  readonly uri: Uri;
  readonly params: Params;
};

/** The Contact header: either `*` (REGISTER removal of all bindings) or a list of addresses. */
export type Contacts = "*" | readonly NameAddr[];

/**
 * Parses name-addr or addr-spec followed by header parameters (RFC 3261 §20.10, §25.1). In the addr-spec
 * form every ";" starts a header parameter, so URIs with parameters, "?" or "," need the angle brackets.
 */
export function parseNameAddr(text: string, what: string): NameAddr {
  const s = new Scanner(text, what);
  s.skipWs();
  const named = s.peek() === '"' || text.includes("<");
  const { displayName, uri } = named ? readNameAddr(s) : readAddrSpec(s);
  const params = readParams(s);
  s.end();
  return displayName === undefined ? { uri, params } : { displayName, uri, params };
}

/** Parses a name-addr or addr-spec with parameters, or returns undefined when it is malformed. */
export function tryParseNameAddr(text: string): NameAddr | undefined {
  return attempt(() => parseNameAddr(text, "address"));
}

function readNameAddr(s: Scanner): { displayName?: string; uri: Uri } {
  let displayName: string | undefined;
  if (s.peek() === '"') {
    displayName = s.quoted();
    s.skipWs();
  } else {
    const words = s
      .take((ch) => ch !== "<")
      .split(/[ \t]+/)
      .filter(Boolean);
    // RFC 4475 §3.1.2.15: an unquoted display name may only be tokens separated by whitespace.
    if (!words.every(isToken)) s.fail("display name with special characters must be quoted");
    if (words.length > 0) displayName = words.join(" ");
  }
  s.expect("<", '"<"');
  const uriText = s.take((ch) => ch !== ">");
  s.expect(">", '">"');
  if (/[ \t]/.test(uriText)) s.fail("whitespace inside <>");
  return { displayName, uri: parseUri(uriText, s.what) };
}

function readAddrSpec(s: Scanner): { displayName?: string; uri: Uri } {
  const uriText = s.take((ch) => ch !== ";" && ch !== " " && ch !== "\t" && ch !== ",");
  if (!uriText) s.fail("missing URI");
  if (uriText.includes("?")) s.fail("a URI with headers must be enclosed in <>");
  return { uri: parseUri(uriText, s.what) };
}

/** Parses every Contact header line into one list; `*` must stand alone. */
export function parseContacts(lines: readonly string[]): Contacts {
  if (lines.length === 1 && trimWs(lines[0] ?? "") === "*") return "*";
  const out: NameAddr[] = [];
  for (const line of lines) {
    for (const item of splitList(line, "Contact")) {
      if (!item) fail("Contact: empty value in list");
      if (item === "*") fail('Contact: "*" must be the only value');
      out.push(parseNameAddr(item, "Contact"));
    }
  }
  return out;
}
