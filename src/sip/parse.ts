import { readContentLength, readCoreHeaders } from "./core-headers.ts";
import { HeaderList } from "./header-list.ts";
import {
  DEFAULT_LIMITS,
  type IncomingMessage,
  type ParseFailure,
  type ParseLimits,
  type ParseResult,
  type RequestHead,
} from "./message.ts";
import { fail, isToken, SipSyntaxError, trimWs } from "./scanner.ts";
import { looksLikeRequest, readStartLine } from "./start-line.ts";

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder();

/** Where the header section ends: `headEnd` is just past its last line, `bodyStart` past the blank line. */
export type HeadBounds = { readonly start: number; readonly headEnd: number; readonly bodyStart: number };

/**
 * Parses one UDP datagram (RFC 3261 §18.3): the body is Content-Length octets and anything after it is
 * ignored; without Content-Length the body is the rest of the datagram. Never throws.
 */
export function parseDatagram(bytes: Uint8Array, limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  if (bytes.length > limits.maxMessageBytes) return failed({ reason: `Message larger than ${limits.maxMessageBytes} bytes` });
  const start = skipBlankLines(bytes, 0);
  if (start >= bytes.length) return failed({ reason: "Empty message" });
  const bounds = findHeadBounds(bytes, start) ?? { start, headEnd: bytes.length, bodyStart: bytes.length };
  const head = readHeadSafely(bytes, bounds, limits);
  if ("reason" in head) return failed(head);
  return guard(head.request, () => buildMessage(bytes, bounds, head.startLine, head.headers));
}

function buildMessage(bytes: Uint8Array, bounds: HeadBounds, line: string, headers: HeaderList): IncomingMessage {
  const startLine = readStartLine(line);
  const declared = readContentLength(headers);
  const available = bytes.length - bounds.bodyStart;
  if (declared !== undefined && declared > available) fail("Content-Length larger than the message body");
  const body = bytes.slice(bounds.bodyStart, bounds.bodyStart + (declared ?? available));
  const core = readCoreHeaders(headers);
  if (startLine.kind === "response") return { ...startLine, headers, body, ...core };
  return { ...startLine, headers, body, ...core };
}

/** Reads the start line and header lines of a message whose bounds are known. */
export function readHeadSafely(
  bytes: Uint8Array,
  bounds: HeadBounds,
  limits: ParseLimits,
): { startLine: string; headers: HeaderList; request?: RequestHead } | ParseFailure {
  try {
    const lines = decoder.decode(bytes.subarray(bounds.start, bounds.headEnd)).split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    const startLine = stripCr(lines[0] ?? "");
    const headers = readHeaderLines(lines.slice(1), limits);
    const method = looksLikeRequest(startLine);
    return { startLine, headers, request: method === undefined ? undefined : { method, headers } };
  } catch (e) {
    if (e instanceof SipSyntaxError) return { reason: e.message };
    throw e;
  }
}

/** Unfolds continuation lines (RFC 3261 §7.3.1) and splits each field at its colon. */
function readHeaderLines(lines: string[], limits: ParseLimits): HeaderList {
  // Folded pieces are collected and joined once: re-trimming a growing string per line would be quadratic.
  const fields: Array<{ name: string; parts: string[]; length: number }> = [];
  for (const raw of lines) {
    const line = stripCr(raw);
    let field = fields[fields.length - 1];
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (!field) fail("Continuation line before the first header");
      field.parts.push(trimWs(line));
    } else {
      const colon = line.indexOf(":");
      const name = trimWs(line.slice(0, Math.max(colon, 0)));
      if (colon < 0 || !isToken(name)) fail("Malformed header line");
      if (fields.length >= limits.maxHeaders) fail(`More than ${limits.maxHeaders} headers`);
      field = { name, parts: [trimWs(line.slice(colon + 1))], length: 0 };
      fields.push(field);
    }
    field.length += line.length;
    if (field.length > limits.maxHeaderLength) fail(`Header longer than ${limits.maxHeaderLength} characters`);
  }
  return new HeaderList(fields.map((f) => ({ name: f.name, value: trimWs(f.parts.join(" ")) })));
}

function stripCr(line: string): string {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  if (text.includes("\r")) fail("Bare CR in header section");
  return text;
}

/** Index of the first octet that is not part of leading CRLFs (RFC 3261 §7.5; keep-alives of RFC 5626). */
export function skipBlankLines(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && (bytes[i] === CR || bytes[i] === LF)) i++;
  return i;
}

/** Finds the blank line ending the header section (CRLF CRLF, or bare LFs from lenient senders), searching from `resumeAt`. */
export function findHeadBounds(bytes: Uint8Array, start: number, resumeAt = start): HeadBounds | undefined {
  for (let i = bytes.indexOf(LF, resumeAt); i >= 0; i = bytes.indexOf(LF, i + 1)) {
    if (bytes[i + 1] === LF) return { start, headEnd: i + 1, bodyStart: i + 2 };
    if (bytes[i + 1] === CR && bytes[i + 2] === LF) return { start, headEnd: i + 1, bodyStart: i + 3 };
  }
  return undefined;
}

/** Runs a parsing step, turning a syntax error into a failure that keeps the request head if known. */
export function guard(request: RequestHead | undefined, build: () => IncomingMessage): ParseResult {
  try {
    return { ok: true, message: build() };
  } catch (e) {
    if (e instanceof SipSyntaxError) return failed({ reason: e.message, request });
    throw e;
  }
}

export function failed(error: ParseFailure): ParseResult {
  return { ok: false, error };
}
