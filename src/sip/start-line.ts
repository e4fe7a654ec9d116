import { fail, isToken } from "./scanner.ts";
import { parseUri, type Uri } from "./uri.ts";

export type StartLine =
  | { readonly kind: "request"; readonly method: string; readonly uri: string; readonly requestUri: Uri; readonly version: string }
  | { readonly kind: "response"; readonly version: string; readonly status: number; readonly reason: string };

const VERSION = /^SIP\/\d+\.\d+$/i;
const STATUS_LINE = /^(SIP\/\d+\.\d+) (\d+)(?: (.*))?$/i;

/** Parses a Request-Line or Status-Line (RFC 3261 §7.1, §7.2); throws SipSyntaxError. */
export function readStartLine(line: string): StartLine {
  if (/^SIP\//i.test(line)) return readStatusLine(line);
  // RFC 4475 §3.1.2.8–10: elements are separated by exactly one SP, with none leading or trailing.
  const parts = line.split(" ");
  if (parts.length !== 3 || parts.some((p) => !p)) fail("Malformed Request-Line");
  const [method, uri, version] = parts as [string, string, string];
  if (!isToken(method)) fail("Invalid method");
  if (!VERSION.test(version)) fail("Malformed SIP version");
  return { kind: "request", method, uri, requestUri: readRequestUri(uri), version: version.toUpperCase() };
}

function readStatusLine(line: string): StartLine {
  const m = STATUS_LINE.exec(line);
  if (!m) fail("Malformed Status-Line");
  const code = m[2] as string;
  // RFC 4475 §3.1.2.19: anything but three digits in 100–699 is garbage, whatever its numeric value.
  if (code.length !== 3 || Number(code) < 100 || Number(code) > 699) fail("Invalid status code");
  const reason = m[3] ?? "";
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(reason)) fail("Control character in reason phrase");
  return { kind: "response", version: (m[1] as string).toUpperCase(), status: Number(code), reason };
}

function readRequestUri(text: string): Uri {
  if (text.startsWith("<")) fail("Request-URI must not be enclosed in <>");
  const uri = parseUri(text, "Request-URI");
  // RFC 3261 §19.1.1 (table): headers are not allowed in a Request-URI.
  if (uri.kind === "sip" && uri.headers.length > 0) fail("Request-URI must not contain headers");
  return uri;
}

/** Whether a line that failed to parse still reads as a request, so that answering with 400 makes sense. */
export function looksLikeRequest(line: string): string | undefined {
  const m = /^([A-Za-z0-9\-.!%*_+`'~]+) .*SIP\/\d+\.\d+ *$/i.exec(line);
  return m && !/^SIP\//i.test(line) ? m[1] : undefined;
}
