import { type Clock, type Logger, silentLogger } from "../shared/index.ts";
import { NO_COUNTERS, type SipCounters } from "./counters.ts";
import { DEFAULT_GUARD, type GuardConfig } from "./guard-config.ts";
import type { IncomingRequest } from "./message.ts";
import { TokenBucket } from "./token-bucket.ts";

export type Offence = "malformed" | "scanner" | "auth" | "flood";
export type Ban = { readonly address: string; readonly until: number; readonly reason: Offence };
export type Admission = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

type Source = { bucket: TokenBucket; windowStart: number; counts: Record<Exclude<Offence, "scanner">, number> };

// Requests that end work are never turned away for load.
const NEVER_SHED = new Set(["ACK", "CANCEL", "BYE"]);

/**
 * Abuse protection (FEATURES Q2): a token bucket per source address, bans for scanners and for sources that
 * keep sending garbage, failing digest authentication or flooding, and caps on work in progress. A banned
 * source is dropped silently. Memory stays bounded whatever the number of sources.
 */
export class SipGuard {
  readonly config: GuardConfig;
  /** Called when a source is banned; for logs and the audit trail. */
  onBan?: (ban: Ban) => void;
  readonly #sources = new Map<string, Source>();
  readonly #bans = new Map<string, Ban>();
  #trusted: (address: string) => boolean;
  readonly #invites: TokenBucket;

  constructor(
    config: Partial<GuardConfig>,
    private readonly clock: Clock,
    private readonly counters: SipCounters = NO_COUNTERS,
    private readonly log: Logger = silentLogger,
  ) {
    this.config = { ...DEFAULT_GUARD, ...config };
    this.#trusted = trustIn(this.config.trusted);
    this.#invites = new TokenBucket(this.config.maxInvitesPerSecond, this.config.maxInvitesPerSecond, clock.now());
  }

  /** The trunk's addresses: a list, or a test for blocks of them (it runs for every message, so keep it cheap). */
  setTrusted(trusted: readonly string[] | ((address: string) => boolean)): void {
    this.#trusted = trustIn(trusted);
  }

  isTrusted(address: string): boolean {
    return this.#trusted(address);
  }

  /** One message (or connection) from `address`: false drops it, silently. */
  admit(address: string): boolean {
    if (this.#trusted(address)) return true;
    if (this.isBanned(address)) {
      this.counters.rejected("banned");
      return false;
    }
    if (this.source(address).bucket.take(this.clock.now())) return true;
    this.counters.rejected("rate_limited");
    this.offence(address, "flood");
    return false;
  }

  /** Records misbehaviour; enough of it within the window, or any scanner User-Agent, earns a ban. */
  offence(address: string, kind: Offence): void {
    if (this.#trusted(address) || this.isBanned(address)) return;
    if (kind === "scanner") {
      this.ban(address, kind);
      return;
    }
    const source = this.source(address);
    const now = this.clock.now();
    if (now - source.windowStart >= this.config.offenceWindowMs) {
      source.windowStart = now;
      source.counts = { malformed: 0, auth: 0, flood: 0 };
    }
    source.counts[kind]++;
    const limit = { malformed: this.config.maxMalformed, auth: this.config.maxAuthFailures, flood: this.config.maxRateDrops }[kind];
    if (source.counts[kind] >= limit) this.ban(address, kind);
  }

  /**
   * Hears every final answer to a new request: a refusal (403) or a failed login (401/407 to a request that
   * carried credentials, i.e. a wrong password rather than the first challenge) counts towards an "auth" ban.
   * Guessing passwords or knocking with calls the box will not take earns the same ban.
   */
  answered(request: IncomingRequest, address: string, status: number): void {
    const credentials = request.headers.has("Authorization") || request.headers.has("Proxy-Authorization");
    if (status === 403 || ((status === 401 || status === 407) && credentials)) this.offence(address, "auth");
  }

  /** A source that authenticated starts its count of failures afresh. */
  authenticated(address: string): void {
    const source = this.#sources.get(address);
    if (source) source.counts.auth = 0;
  }

  isBanned(address: string): boolean {
    const ban = this.#bans.get(address);
    if (!ban) return false;
    if (this.clock.now() < ban.until) return true;
    this.#bans.delete(address);
    return false;
  }

  ban(address: string, reason: Offence, ms = this.config.banMs): void {
    const ban: Ban = { address, until: this.clock.now() + ms, reason };
    this.#bans.delete(address);
    this.#bans.set(address, ban);
    this.#sources.delete(address);
    if (this.#bans.size > this.config.maxSources) this.#bans.delete(this.#bans.keys().next().value as string);
    this.log.warn("sip source banned", { address, reason, until: new Date(ban.until).toISOString() });
    this.onBan?.(ban);
  }

  unban(address: string): void {
    this.#bans.delete(address);
  }

  /** Source addresses remembered for rate limits and offences (bounded by `maxSources`). */
  get trackedSources(): number {
    return this.#sources.size;
  }

  /** Bans in force, oldest first. */
  bans(): Ban[] {
    return [...this.#bans.values()].filter((b) => this.clock.now() < b.until);
  }

  /** Whether a new server transaction may start, given how many are in progress; 503 with Retry-After if not. */
  admitTransaction(method: string, inProgress: number): Admission {
    if (NEVER_SHED.has(method)) return { ok: true };
    const full = inProgress >= this.config.maxTransactions;
    if (!full && (method !== "INVITE" || this.#invites.take(this.clock.now()))) return { ok: true };
    this.counters.rejected("overload");
    return { ok: false, retryAfterSeconds: this.config.retryAfterSeconds };
  }

  /** The source's state, moved to the most recently seen end; the oldest is forgotten beyond the cap. */
  private source(address: string): Source {
    let source = this.#sources.get(address);
    if (source) this.#sources.delete(address);
    else {
      const now = this.clock.now();
      source = {
        bucket: new TokenBucket(this.config.ratePerSecond, this.config.burst, now),
        windowStart: now,
        counts: { malformed: 0, auth: 0, flood: 0 },
      };
      if (this.#sources.size >= this.config.maxSources) this.#sources.delete(this.#sources.keys().next().value as string);
    }
    this.#sources.set(address, source);
    return source;
  }
}

function trustIn(trusted: readonly string[] | ((address: string) => boolean)): (address: string) => boolean {
  if (typeof trusted === "function") return trusted;
  const set = new Set(trusted);
  return (address) => set.has(address);
}
