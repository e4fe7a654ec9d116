import { Scanner, SipSyntaxError } from "./scanner.ts";

/** A challenge or credentials value: `Digest realm="x", nonce="y", qop=auth` (RFC 3261 §25.1, RFC 7235 §2.1). */
export type AuthValue = { readonly scheme: string; readonly params: ReadonlyMap<string, string> };

/** Parses an auth header value; quoted values are unquoted, names lower-cased. Undefined when malformed. */
export function parseAuthValue(text: string): AuthValue | undefined {
  try {
    const s = new Scanner(text, "auth");
    s.skipWs();
    const scheme = s.token("scheme");
    const params = new Map<string, string>();
    s.skipWs();
    while (!s.done) {
      const name = s.token("parameter name").toLowerCase();
      s.skipWs();
      s.expect("=", '"="');
      s.skipWs();
      const value = s.peek() === '"' ? s.quoted() : s.token("parameter value");
      if (params.has(name)) s.fail(`duplicate parameter ${name}`);
      params.set(name, value);
      s.skipWs();
      if (!s.done) s.expect(",", '","');
      s.skipWs();
    }
    return { scheme, params };
  } catch (e) {
    if (e instanceof SipSyntaxError) return undefined;
    throw e;
  }
}

/** One parameter to write: quoted ones are escaped and wrapped in quotes, tokens are written as they are. */
export type AuthParam = readonly [name: string, value: string, quoted: boolean];

export function formatAuthValue(scheme: string, params: readonly AuthParam[]): string {
  const parts = params.map(([name, value, quoted]) => `${name}=${quoted ? `"${value.replace(/["\\]/g, "\\$&")}"` : value}`);
  return `${scheme} ${parts.join(", ")}`;
}
