import type { Clock } from "../shared/index.ts";
import { isIpAddress, normalizeAddress } from "./addresses.ts";

/** Addresses of a host name with their DNS time-to-live in seconds. */
export type Lookup = (host: string) => Promise<ReadonlyArray<{ address: string; ttl: number }>>;

const systemLookup: Lookup = async (host) => (await Bun.dns.lookup(host, { family: 4 })).map((r) => ({ address: r.address, ttl: r.ttl }));

/** Keep an answer at least this long (resolvers often say 0) and at most this long. */
export const DNS_TTL_BOUNDS = { minMs: 30_000, maxMs: 3_600_000 } as const;

/**
 * The provider's addresses: an IP address is itself, a name is resolved when a registration needs it and
 * kept for its TTL. `known()` answers synchronously from what was resolved last, for checks per message.
 */
export class AddressCache {
  readonly #entries = new Map<string, { addresses: string[]; until: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly lookup: Lookup = systemLookup,
  ) {}

  async resolve(host: string): Promise<string[]> {
    if (isIpAddress(host)) return [normalizeAddress(host)];
    const cached = this.#entries.get(host);
    if (cached && cached.until > this.clock.now()) return cached.addresses;
    const answers = await this.lookup(host);
    if (!answers.length) throw new Error(`${host} has no address`);
    const ttlMs = Math.min(Math.max(Math.min(...answers.map((a) => a.ttl)) * 1000, DNS_TTL_BOUNDS.minMs), DNS_TTL_BOUNDS.maxMs);
    const addresses = [...new Set(answers.map((a) => normalizeAddress(a.address)))];
    this.#entries.set(host, { addresses, until: this.clock.now() + ttlMs });
    return addresses;
  }

  /** The addresses last resolved for the host (even if their TTL ran out), or the host itself if it is an IP. */
  known(host: string): string[] {
    if (isIpAddress(host)) return [normalizeAddress(host)];
    return this.#entries.get(host)?.addresses ?? [];
  }
}
