import type { Scanner } from "./scanner.ts";

/**
 * Parameters by lower-cased name. A value is null for a flag parameter (`;lr`). Header parameter values
 * are kept as written, so a quoted-string value keeps its quotes; URI parameter values are unescaped.
 */
export type Params = ReadonlyMap<string, string | null>;

export const noParams: Params = new Map();

// gen-value = token / host / quoted-string; host adds ":" and "[]" for IPv6 references.
const VALUE_CHAR = /[A-Za-z0-9\-.!%*_+`'~:[\]]/;

/** Reads `*( SEMI generic-param )` (RFC 3261 §25.1), with optional whitespace around ";" and "=". */
export function readParams(s: Scanner): Params {
  const params = new Map<string, string | null>();
  for (;;) {
    s.skipWs();
    if (!s.eat(";")) return params;
    s.skipWs();
    if (s.peek() === ";" || s.peek() === "," || s.done) s.fail("empty parameter");
    const name = s.token("parameter name").toLowerCase();
    if (params.has(name)) s.fail(`duplicate parameter "${name}"`);
    s.skipWs();
    if (!s.eat("=")) {
      params.set(name, null);
      continue;
    }
    s.skipWs();
    const value = s.peek() === '"' ? s.quotedRaw() : s.take((ch) => VALUE_CHAR.test(ch));
    if (!value) s.fail(`parameter "${name}" has no value`);
    params.set(name, value);
  }
}

/** A parameter value without the quotes of a quoted-string. */
export function paramText(params: Params, name: string): string | undefined {
  const value = params.get(name);
  if (value === undefined || value === null) return undefined;
  if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) return value.slice(1, -1).replace(/\\(.)/g, "$1");
  return value;
}

/** `;name=value` text for header parameters as stored (values already in wire form). */
export function formatHeaderParams(params: Params): string {
  let out = "";
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}
