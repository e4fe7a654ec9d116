import { isIPv4, isIPv6 } from "node:net";

export type HostKind = "name" | "ipv4" | "ipv6";

/** A host as written (IPv6 references keep their brackets) and what kind of host it is. */
export type Host = { readonly host: string; readonly kind: HostKind };

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TOP_LABEL = /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/** Classifies host text (RFC 3261 §25.1 host, with the RFC 5954 IPv6 correction); undefined if invalid. */
export function classifyHost(text: string): Host | undefined {
  if (text.startsWith("[")) {
    if (!text.endsWith("]") || !isIPv6Text(text.slice(1, -1))) return undefined;
    return { host: text, kind: "ipv6" };
  }
  if (/^[0-9.]+$/.test(text)) return isIPv4(text) ? { host: text, kind: "ipv4" } : undefined;
  return isHostname(text) ? { host: text, kind: "name" } : undefined;
}

/**
 * An IPv6 address without brackets. RFC 5118 §4.10: RFC 3261's ABNF let through a third colon
 * before an embedded IPv4 address, and implementations are asked to tolerate that form.
 */
export function isIPv6Text(text: string): boolean {
  if (text.includes("%")) return false;
  const tolerated = text.replace(/:::(?=\d{1,3}(?:\.\d{1,3}){3}$)/, "::");
  return isIPv6(tolerated);
}

function isHostname(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  const labels = (text.endsWith(".") ? text.slice(0, -1) : text).split(".");
  const top = labels.pop() ?? "";
  return TOP_LABEL.test(top) && labels.every((l) => LABEL.test(l));
}

/** A port number from digits, or undefined when it is not 0–65535. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}
