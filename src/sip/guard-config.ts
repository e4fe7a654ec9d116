/** Limits of the abuse guard (FEATURES Q2); every one can be set in the endpoint options. */
export type GuardConfig = {
  /** Messages a second one source address may send on average… */
  readonly ratePerSecond: number;
  /** …and in one burst. */
  readonly burst: number;
  readonly banMs: number;
  /** Offences within one window that earn a ban, by kind; a scanner User-Agent is banned at once. */
  readonly offenceWindowMs: number;
  readonly maxMalformed: number;
  readonly maxAuthFailures: number;
  /** Messages dropped by the rate limit before the source is banned. */
  readonly maxRateDrops: number;
  /** Server transactions in progress beyond which new requests are answered 503. */
  readonly maxTransactions: number;
  readonly maxInvitesPerSecond: number;
  readonly retryAfterSeconds: number;
  /** Source addresses remembered at once; the least recently seen are forgotten first. */
  readonly maxSources: number;
  /** Addresses never rate-limited or banned, such as the trunk provider's. */
  readonly trusted: readonly string[];
};

export const DEFAULT_GUARD: GuardConfig = {
  ratePerSecond: 100,
  burst: 200,
  banMs: 15 * 60_000,
  offenceWindowMs: 60_000,
  maxMalformed: 20,
  maxAuthFailures: 10,
  maxRateDrops: 200,
  maxTransactions: 2_000,
  maxInvitesPerSecond: 50,
  retryAfterSeconds: 5,
  maxSources: 20_000,
  trusted: [],
};
