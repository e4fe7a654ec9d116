import { readContentLength } from "./core-headers.ts";
import { DEFAULT_LIMITS, type ParseLimits, type ParseResult } from "./message.ts";
import { failed, findHeadBounds, parseDatagram, readHeadSafely, skipBlankLines } from "./parse.ts";
import { SipSyntaxError } from "./scanner.ts";

const EMPTY = new Uint8Array(0);

/**
 * Cuts a TCP/TLS byte stream into SIP messages using Content-Length, which is mandatory on stream
 * transports (RFC 3261 §18.3). A fatal failure means framing is lost: answer it if it has a request
 * head, then close the connection; the framer returns nothing more afterwards.
 */
export class StreamFramer {
  private buffer: Uint8Array = EMPTY;
  private closed = false;

  constructor(private readonly limits: ParseLimits = DEFAULT_LIMITS) {}

  /** Octets waiting for the rest of their message (an idle connection with a partial message needs a timeout). */
  get pending(): number {
    return this.buffer.length;
  }

  /** Feeds octets read from the connection and returns every message they complete, in order. */
  push(chunk: Uint8Array): ParseResult[] {
    if (this.closed) return [];
    this.buffer = concat(this.buffer, chunk);
    const out: ParseResult[] = [];
    for (let next = this.next(); next; next = this.next()) {
      out.push(next);
      if (!next.ok && next.error.fatal) {
        this.closed = true;
        this.buffer = EMPTY;
        break;
      }
    }
    return out;
  }

  private next(): ParseResult | undefined {
    const start = skipBlankLines(this.buffer, 0);
    this.buffer = this.buffer.subarray(start);
    const bounds = findHeadBounds(this.buffer, 0);
    if (!bounds) {
      if (this.buffer.length > this.limits.maxMessageBytes) return failed({ reason: "Header section too large", fatal: true });
      return undefined;
    }
    const length = this.frameLength(bounds);
    if (typeof length !== "number") return length;
    if (this.buffer.length < bounds.bodyStart + length) return undefined;
    const result = parseDatagram(this.buffer.subarray(0, bounds.bodyStart + length), this.limits);
    this.buffer = this.buffer.subarray(bounds.bodyStart + length);
    return result;
  }

  /** The body length the header section announces, or a fatal failure. */
  private frameLength(bounds: { start: number; headEnd: number; bodyStart: number }): number | ParseResult {
    const head = readHeadSafely(this.buffer, bounds, this.limits);
    if ("reason" in head) return failed({ reason: head.reason, fatal: true });
    try {
      const length = readContentLength(head.headers);
      if (length === undefined)
        return failed({ reason: "Missing Content-Length on a stream transport", request: head.request, fatal: true });
      if (bounds.bodyStart + length > this.limits.maxMessageBytes)
        return failed({ reason: `Message larger than ${this.limits.maxMessageBytes} bytes`, request: head.request, fatal: true });
      return length;
    } catch (e) {
      if (e instanceof SipSyntaxError) return failed({ reason: e.message, request: head.request, fatal: true });
      throw e;
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b.slice();
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
