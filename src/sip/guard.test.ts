import { describe, expect, test } from "bun:test";
import { ManualClock } from "../shared/index.ts";
import { CounterTally } from "./counters.ts";
import { type Ban, SipGuard } from "./guard.ts";
import type { GuardConfig } from "./guard-config.ts";

function guard(config: Partial<GuardConfig> = {}) {
  const clock = new ManualClock();
  const counters = new CounterTally();
  const g = new SipGuard({ ratePerSecond: 10, burst: 10, maxRateDrops: 5, banMs: 60_000, ...config }, clock, counters);
  const bans: Ban[] = [];
  g.onBan = (ban) => bans.push(ban);
  const admitted = (address: string, times: number) => Array.from({ length: times }, () => g.admit(address)).filter(Boolean).length;
  return { g, clock, counters, bans, admitted };
}

describe("per-source rate limit and bans", () => {
  test("a burst is allowed, the excess is dropped, and the bucket refills at the configured rate", () => {
    const { g, clock, admitted, counters } = guard({ maxRateDrops: 1_000 });
    expect(admitted("192.0.2.7", 15)).toBe(10);
    expect(counters.rejections.get("rate_limited")).toBe(5);
    clock.advance(500);
    expect(admitted("192.0.2.7", 10)).toBe(5);
    expect(g.isBanned("192.0.2.7")).toBe(false);
  });

  test("a source that keeps flooding is banned, dropped while banned, and let back once the ban time has passed", () => {
    const { g, clock, admitted, bans, counters } = guard();
    expect(admitted("192.0.2.8", 15)).toBe(10);
    expect(bans).toEqual([{ address: "192.0.2.8", until: clock.now() + 60_000, reason: "flood" }]);
    clock.advance(59_999);
    expect(admitted("192.0.2.8", 3)).toBe(0);
    expect(counters.rejections.get("banned")).toBe(3);
    expect(g.bans()).toHaveLength(1);
    clock.advance(1);
    expect(g.admit("192.0.2.8")).toBe(true);
    expect(g.bans()).toEqual([]);
  });

  test("one source's flood does not touch another source", () => {
    const { g, admitted } = guard();
    admitted("192.0.2.9", 100);
    expect(g.isBanned("192.0.2.9")).toBe(true);
    expect(admitted("192.0.2.10", 10)).toBe(10);
  });

  test("garbage earns a ban only when enough of it arrives within one window", () => {
    const { g, clock } = guard({ maxMalformed: 3, offenceWindowMs: 10_000 });
    g.offence("198.51.100.1", "malformed");
    g.offence("198.51.100.1", "malformed");
    clock.advance(10_000);
    g.offence("198.51.100.1", "malformed");
    g.offence("198.51.100.1", "malformed");
    expect(g.isBanned("198.51.100.1")).toBe(false);
    g.offence("198.51.100.1", "malformed");
    expect(g.isBanned("198.51.100.1")).toBe(true);
  });

  test("a scanner is banned at its first request", () => {
    const { g, bans } = guard();
    g.offence("203.0.113.5", "scanner");
    expect(g.admit("203.0.113.5")).toBe(false);
    expect(bans.map((b) => b.reason)).toEqual(["scanner"]);
  });

  test("repeated digest failures ban; a success starts the count afresh", () => {
    const { g } = guard({ maxAuthFailures: 3 });
    g.offence("203.0.113.6", "auth");
    g.offence("203.0.113.6", "auth");
    g.authenticated("203.0.113.6");
    g.offence("203.0.113.6", "auth");
    g.offence("203.0.113.6", "auth");
    expect(g.isBanned("203.0.113.6")).toBe(false);
    g.offence("203.0.113.6", "auth");
    expect(g.isBanned("203.0.113.6")).toBe(true);
  });

  test("trusted addresses are never limited or banned; an admin can lift a ban", () => {
    const { g, admitted } = guard({ trusted: ["192.0.2.50"] });
    expect(admitted("192.0.2.50", 100)).toBe(100);
    g.offence("192.0.2.50", "scanner");
    expect(g.isBanned("192.0.2.50")).toBe(false);
    g.offence("192.0.2.51", "scanner");
    g.unban("192.0.2.51");
    expect(g.admit("192.0.2.51")).toBe(true);
    g.setTrusted([]);
    expect(admitted("192.0.2.50", 20)).toBe(10);
  });

  test("trust can be a test, for the blocks of addresses a provider sends from", () => {
    const { g } = guard({ maxAuthFailures: 1 });
    g.setTrusted((address) => address.startsWith("192.0.2."));
    g.offence("192.0.2.77", "auth");
    g.offence("198.51.100.77", "auth");
    expect([g.isTrusted("192.0.2.77"), g.isBanned("192.0.2.77"), g.isBanned("198.51.100.77")]).toEqual([true, false, true]);
    // A provider banned while missing from the allow-list is let in as soon as it is added.
    g.setTrusted((address) => address.startsWith("192.0.2.") || address === "198.51.100.77");
    expect(g.admit("198.51.100.77")).toBe(true);
  });

  test("memory stays bounded however many sources appear, and bans outlive the churn", () => {
    const { g, admitted } = guard({ maxSources: 50 });
    g.offence("10.9.9.9", "scanner");
    for (let i = 0; i < 1_000; i++) g.admit(`10.0.${i >> 8}.${i & 255}`);
    expect(g.trackedSources).toBe(50);
    expect(admitted("10.9.9.9", 1)).toBe(0);
  });
});

describe("caps on work in progress", () => {
  test("beyond the concurrent transaction cap new requests get 503 with Retry-After; ACK, CANCEL and BYE never", () => {
    const { g, counters } = guard({ maxTransactions: 3, retryAfterSeconds: 7 });
    expect(g.admitTransaction("OPTIONS", 2)).toEqual({ ok: true });
    expect(g.admitTransaction("OPTIONS", 3)).toEqual({ ok: false, retryAfterSeconds: 7 });
    expect(g.admitTransaction("REGISTER", 10)).toEqual({ ok: false, retryAfterSeconds: 7 });
    for (const method of ["ACK", "CANCEL", "BYE"]) expect(g.admitTransaction(method, 10)).toEqual({ ok: true });
    expect(counters.rejections.get("overload")).toBe(2);
  });

  test("new INVITEs beyond the per-second cap get 503 until the next second", () => {
    const { g, clock } = guard({ maxInvitesPerSecond: 2 });
    const results = () => [1, 2, 3].map(() => g.admitTransaction("INVITE", 0).ok);
    expect(results()).toEqual([true, true, false]);
    expect(g.admitTransaction("OPTIONS", 0).ok).toBe(true);
    clock.advance(1_000);
    expect(results()).toEqual([true, true, false]);
  });
});
