import type { HeaderList } from "./header-list.ts";
import type { CoreHeaders, CSeq, MediaType } from "./message.ts";
import { type NameAddr, parseContacts, parseNameAddr } from "./name-addr.ts";
import { readParams } from "./params.ts";
import { fail, isToken, Scanner } from "./scanner.ts";
import { parseVias } from "./via.ts";

const MANDATORY = ["Via", "From", "To", "Call-ID", "CSeq"] as const;
// word = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}")
const CALL_ID = /^[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+(?:@[A-Za-z0-9\-.!%*_+`'~()<>:\\"/[\]?{}]+)?$/;
const UINT32_MAX = 4_294_967_295;

/** Parses and checks the core headers; throws SipSyntaxError naming the first problem. */
export function readCoreHeaders(headers: HeaderList): CoreHeaders {
  const missing = MANDATORY.filter((name) => !headers.has(name));
  if (missing.length > 0) fail(`Missing ${missing.join(", ")} header${missing.length > 1 ? "s" : ""}`);
  const via = parseVias(headers.getAll("Via"));
  const from = readAddress(headers, "From");
  const to = readAddress(headers, "To");
  const callId = readCallId(single(headers, "Call-ID"));
  const cseq = readCSeq(single(headers, "CSeq"));
  const maxForwards = optionalSingle(headers, "Max-Forwards");
  const contentType = optionalSingle(headers, "Content-Type");
  return {
    via,
    from,
    to,
    callId,
    cseq,
    maxForwards: maxForwards === undefined ? undefined : readMaxForwards(maxForwards),
    contentLength: readContentLength(headers),
    contentType: contentType === undefined ? undefined : parseMediaType(contentType),
    contacts: headers.has("Contact") ? parseContacts(headers.getAll("Contact")) : [],
  };
}

/** From or To; a tag, when present, needs a value (RFC 3261 §25.1 tag-param). */
function readAddress(headers: HeaderList, name: "From" | "To"): NameAddr {
  const value = parseNameAddr(single(headers, name), name);
  if (value.params.get("tag") === null) fail(`${name}: tag without a value`);
  return value;
}

function single(headers: HeaderList, name: string): string {
  const value = optionalSingle(headers, name);
  if (value === undefined) fail(`Missing ${name} header`);
  return value;
}

/** RFC 4475 §3.3.8: a header that allows one value must not appear twice. */
function optionalSingle(headers: HeaderList, name: string): string | undefined {
  const all = headers.getAll(name);
  if (all.length > 1) fail(`Multiple ${name} headers`);
  return all[0];
}

/** The Content-Length value, undefined when absent; throws when invalid or repeated (RFC 4475 §3.1.2.3, §3.3.9). */
export function readContentLength(headers: HeaderList): number | undefined {
  const text = optionalSingle(headers, "Content-Length");
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text)) fail("Invalid Content-Length");
  return Number(text);
}

export function readCSeq(text: string): CSeq {
  const m = /^(\d+)[ \t]+(\S+)$/.exec(text);
  if (!m || !isToken(m[2] as string)) fail("Malformed CSeq header");
  const digits = (m[1] as string).replace(/^0+(?=\d)/, "");
  // RFC 3261 §8.1.1.5: the sequence number must fit in 32 bits.
  if (digits.length > 10 || Number(digits) > UINT32_MAX) fail("CSeq number out of range");
  return { seq: Number(digits), method: m[2] as string };
}

function readMaxForwards(text: string): number {
  if (!/^\d+$/.test(text)) fail("Malformed Max-Forwards header");
  const digits = text.replace(/^0+(?=\d)/, "");
  if (digits.length > 3 || Number(digits) > 255) fail("Max-Forwards out of range");
  return Number(digits);
}

function readCallId(text: string): string {
  if (!CALL_ID.test(text)) fail("Malformed Call-ID header");
  return text;
}

/** Parses `type/subtype *(;param)` with optional whitespace around "/" and ";" (RFC 3261 §20.15). */
export function parseMediaType(text: string, what = "Content-Type"): MediaType {
  const s = new Scanner(text, what);
  s.skipWs();
  const type = s.token("media type").toLowerCase();
  s.skipWs();
  s.expect("/", '"/"');
  s.skipWs();
  const subtype = s.token("media subtype").toLowerCase();
  const params = readParams(s);
  s.end();
  return { type, subtype, params };
}
