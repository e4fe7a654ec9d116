import { BlockList, isIP } from "node:net";

/** The provider's addresses: host names, IP addresses and allow-list entries (addresses or CIDR blocks). */

const HOST_NAME = /^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$/;

/** An IPv4 address seen as IPv6 (`::ffff:192.0.2.1`) is the IPv4 address; brackets and case are dropped. */
export function normalizeAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
  return mapped?.[1] ?? bare;
}

export function isIpAddress(text: string): boolean {
  return isIP(normalizeAddress(text)) !== 0;
}

export function isHostOrIp(text: string): boolean {
  return isIpAddress(text) || (HOST_NAME.test(text) && !/^[\d.]+$/.test(text));
}

/** One allow-list line as stored (`192.0.2.10`, `192.0.2.0/24`, `2001:db8::/32`), or the problem with it. */
export function readAllowEntry(text: string): { entry: string } | { problem: string } {
  const [addressPart = "", bits, extra] = text.trim().split("/");
  const address = normalizeAddress(addressPart);
  const family = isIP(address);
  if (extra !== undefined || family === 0) return { problem: `${text} is not an IP address or a CIDR block like 192.0.2.0/24` };
  if (bits === undefined) return { entry: address };
  const max = family === 4 ? 32 : 128;
  const n = Number(bits);
  if (!/^\d{1,3}$/.test(bits) || n > max) return { problem: `${text}: the block size after / must be 0 to ${max}` };
  return { entry: `${address}/${n}` };
}

/** Whether the address is one of the entries or inside one of the blocks. */
export function inAllowList(entries: readonly string[], address: string): boolean {
  return allowListMatcher(entries)(address);
}

/** The same test with the list compiled once, for checks on every message. */
export function allowListMatcher(entries: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [base = "", bits] = entry.split("/");
    const type = isIP(base) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(base, type);
    else list.addSubnet(base, Number(bits), type);
  }
  return (address) => {
    const ip = normalizeAddress(address);
    const family = isIP(ip);
    return family !== 0 && list.check(ip, family === 6 ? "ipv6" : "ipv4");
  };
}
