/** Lexical helpers shared by the SIP header grammars (RFC 3261 §25.1). */

/** Raised inside the parsers; the public entry points turn it into a result, so it never leaves the module. */
export class SipSyntaxError extends Error {}

export function fail(reason: string): never {
  throw new SipSyntaxError(reason);
}

/** Runs a parser and turns its syntax error into undefined. */
export function attempt<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (e instanceof SipSyntaxError) return undefined;
    throw e;
  }
}

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const TOKEN_CHAR = /[A-Za-z0-9\-.!%*_+`'~]/;
// Raw control characters may appear in a quoted string only as a quoted-pair (RFC 3261 §25.1 qdtext).
const RAW_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

export const isToken = (text: string): boolean => TOKEN.test(text);

const isWs = (code: number) => code === 0x20 || code === 0x09;

/**
 * Trims SP and HTAB only: String.trim would also eat U+FEFF and other Unicode spaces that are content in
 * SIP. A loop, not a regex: /[ \t]+$/ backtracks quadratically over long inner runs of spaces.
 */
export function trimWs(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWs(text.charCodeAt(start))) start++;
  while (end > start && isWs(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** A cursor over one header value; whitespace is SP or HTAB because folding has already been undone. */
export class Scanner {
  pos = 0;
  constructor(
    readonly text: string,
    readonly what: string,
  ) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? "";
  }

  fail(message: string): never {
    return fail(`${this.what}: ${message}`);
  }

  /** Skips whitespace and reports whether any was there. */
  skipWs(): boolean {
    const start = this.pos;
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
    return this.pos > start;
  }

  eat(ch: string): boolean {
    if (this.peek() !== ch) return false;
    this.pos++;
    return true;
  }

  expect(ch: string, what: string): void {
    if (!this.eat(ch)) this.fail(`expected ${what}`);
  }

  token(what: string): string {
    const start = this.pos;
    while (TOKEN_CHAR.test(this.peek())) this.pos++;
    if (this.pos === start) this.fail(`expected ${what}`);
    return this.text.slice(start, this.pos);
  }

  /** Reads characters while `test` holds. */
  take(test: (ch: string) => boolean): string {
    const start = this.pos;
    while (!this.done && test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Reads a quoted-string at the cursor and returns its content with quoted-pairs undone. */
  quoted(): string {
    const close = quotedEnd(this.text, this.pos);
    if (close < 0) this.fail("unterminated quoted string");
    const inner = this.text.slice(this.pos + 1, close);
    this.pos = close + 1;
    return unquote(inner, this);
  }

  /** Same as quoted() but keeps the quotes and escapes as written. */
  quotedRaw(): string {
    const start = this.pos;
    this.quoted();
    return this.text.slice(start, this.pos);
  }

  end(): void {
    this.skipWs();
    if (!this.done) this.fail(`unexpected "${this.text.slice(this.pos, this.pos + 12)}"`);
  }
}

/** Index of the closing quote of the quoted string opening at `open`, or -1. */
export function quotedEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\\") i++;
    else if (ch === '"') return i;
  }
  return -1;
}

function unquote(inner: string, at: Scanner): string {
  let out = "";
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch === "\\") out += inner[++i] ?? "";
    else if (RAW_CONTROL.test(ch)) at.fail("control character in quoted string");
    else out += ch;
  }
  return out;
}

/**
 * Splits a header value on commas that are outside quoted strings and angle brackets
 * (RFC 3261 §7.3.1). Pieces are trimmed; empty pieces are kept so callers can reject them.
 */
export function splitList(value: string, what: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '"') {
      i = quotedEnd(value, i);
      if (i < 0) fail(`${what}: unterminated quoted string`);
    } else if (ch === "<") depth++;
    else if (ch === ">") depth = Math.max(0, depth - 1);
    else if (ch === "," && depth === 0) {
      parts.push(trimWs(value.slice(start, i)));
      start = i + 1;
    }
  }
  parts.push(trimWs(value.slice(start)));
  return parts;
}
