/** Pure checks for settings values; each returns a problem to show beside the field, or null. */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A DNS name, an IPv4 address or an IPv6 address (without brackets). */
export function isHostOrIp(value: string): boolean {
  if (value.length > 253) return false;
  if (IPV4.test(value)) return true;
  if (value.includes(":")) {
    try {
      return new URL(`http://[${value}]/`).hostname.length > 2;
    } catch {
      return false;
    }
  }
  // All-numeric dotted names are mistyped IPv4 addresses, not host names.
  if (/^[\d.]+$/.test(value)) return false;
  return value.split(".").every((label) => LABEL.test(label));
}

/** The normalised origin, or a problem: https://host[:port], or http:// for loopback and private addresses (testing). */
export function checkOrigin(line: string): { origin: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return { problem: `${line} is not an address like https://www.example.com` };
  }
  const local = url.protocol === "http:" && isLocalHost(url.hostname);
  if (url.protocol !== "https:" && !local)
    return { problem: `${line} must start with https:// (http:// only for localhost, loopback and private addresses)` };
  const bare = /^[a-z]+:\/\/[^/?#@]+$/i.test(line);
  if (!bare || url.username || url.password) return { problem: `${line} must be an origin only, without a path, query or user` };
  return { origin: url.origin };
}

/** Origins reached over plain HTTP: fine for testing on a LAN, never for customers on the internet. */
export const plainHttpOrigins = (origins: string[]) => origins.filter((o) => o.startsWith("http:"));

/** localhost, a loopback address, or a private (RFC 1918, IPv6 unique-local) address, as URL.hostname writes them. */
export function isLocalHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname === "[::1]") return true;
  if (/^\[f[cd][0-9a-f]{2}:/i.test(hostname)) return true;
  if (!IPV4.test(hostname)) return false;
  const [a, b] = hostname.split(".").map(Number) as [number, number];
  return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/** The non-empty trimmed lines of a text box. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n|\r/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Problem with a list of short names (reasons, dispositions, fields), or null. */
export function listProblem(items: string[], label: string, opts: { min: number; max: number; maxLength: number }): string | null {
  if (items.length < opts.min) return `${label}: enter at least ${opts.min}, one per line`;
  if (items.length > opts.max) return `${label}: at most ${opts.max} (you entered ${items.length})`;
  const long = items.find((i) => i.length > opts.maxLength);
  if (long) return `${label}: "${long.slice(0, 50)}" is longer than ${opts.maxLength} characters`;
  const seen = new Set<string>();
  for (const item of items) {
    const key = item.toLowerCase();
    if (seen.has(key)) return `${label}: "${item}" is listed twice`;
    seen.add(key);
  }
  return null;
}

/** "HH:MM-HH:MM" with the start before the end, or "" for a closed day. */
export function hoursProblem(value: string): string | null {
  if (!value) return null;
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/.exec(value);
  if (!m) return "Use HH:MM-HH:MM, e.g. 08:00-18:00, or leave empty when closed";
  const [, h1, m1, h2, m2] = m.map(Number) as number[];
  const start = h1! * 60 + m1!;
  const end = h2! * 60 + m2!;
  if (end > 24 * 60) return "The day ends at 24:00";
  if (end <= start) return "The closing time must be after the opening time";
  return null;
}
