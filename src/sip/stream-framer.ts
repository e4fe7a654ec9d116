import { readContentLength } from "./core-headers.ts";
import { DEFAULT_LIMITS, type ParseLimits, type ParseResult } from "./message.ts";
import { failed, findHeadBounds, type HeadBounds, parseDatagram, readHeadSafely, skipBlankLines } from "./parse.ts";
import { SipSyntaxError } from "./scanner.ts";

/**
 * Cuts a TCP/TLS byte stream into SIP messages using Content-Length, which is mandatory on stream
 * transports (RFC 3261 §18.3). A fatal failure means framing is lost: answer it if it has a request
 * head, then close the connection; the framer returns nothing more afterwards.
 *
 * A peer dripping one octet at a time costs amortised constant work per octet: the buffer grows by
 * doubling, the search for the blank line resumes where it stopped, and a header section is read once.
 */
export class StreamFramer {
  private buffer = new Uint8Array(4_096);
  private used = 0;
  private searched = 0;
  private frame: { readonly total: number } | undefined;
  private closed = false;

  constructor(private readonly limits: ParseLimits = DEFAULT_LIMITS) {}

  /** Octets waiting for the rest of their message (an idle connection with a partial message needs a timeout). */
  get pending(): number {
    return this.used;
  }

  /** Feeds octets read from the connection and returns every message they complete, in order. */
  push(chunk: Uint8Array): ParseResult[] {
    if (this.closed) return [];
    this.append(chunk);
    const out: ParseResult[] = [];
    for (let next = this.next(); next; next = this.next()) {
      out.push(next);
      if (!next.ok && next.error.fatal) {
        this.closed = true;
        this.used = 0;
        this.buffer = new Uint8Array(0);
        break;
      }
    }
    return out;
  }

  private next(): ParseResult | undefined {
    if (!this.frame) {
      // RFC 5626 §4.4.1 keep-alives (CRLF CRLF) and stray CRLFs before a start line are skipped.
      this.consume(skipBlankLines(this.buffer.subarray(0, this.used), 0));
      const view = this.buffer.subarray(0, this.used);
      const bounds = findHeadBounds(view, 0, Math.max(0, this.searched - 3));
      this.searched = this.used;
      if (!bounds) return this.used > this.limits.maxMessageBytes ? failed({ reason: "Header section too large", fatal: true }) : undefined;
      const length = this.frameLength(view, bounds);
      if (typeof length !== "number") return length;
      this.frame = { total: bounds.bodyStart + length };
    }
    if (this.used < this.frame.total) return undefined;
    const result = parseDatagram(this.buffer.subarray(0, this.frame.total), this.limits);
    this.consume(this.frame.total);
    return result;
  }

  /** The body length the header section announces, or a fatal failure. */
  private frameLength(view: Uint8Array, bounds: HeadBounds): number | ParseResult {
    const head = readHeadSafely(view, bounds, this.limits);
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

  private append(chunk: Uint8Array): void {
    if (this.used + chunk.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.used + chunk.length));
      grown.set(this.buffer.subarray(0, this.used));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.used);
    this.used += chunk.length;
  }

  private consume(count: number): void {
    if (count === 0) return;
    this.buffer.copyWithin(0, count, this.used);
    this.used -= count;
    this.searched = 0;
    this.frame = undefined;
  }
}
