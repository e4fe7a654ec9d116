import { describe, expect, test } from "bun:test";
import { inAllowList, isHostOrIp, normalizeAddress, readAllowEntry } from "./addresses.ts";
import { AddressCache } from "./resolver.ts";
import { ManualClock } from "../shared/index.ts";

describe("provider addresses", () => {
  test("allow-list entries: addresses and CIDR blocks of both families; anything else is refused with a reason", () => {
    expect(readAllowEntry("192.0.2.10")).toEqual({ entry: "192.0.2.10" });
    expect(readAllowEntry(" 198.51.100.0/24 ")).toEqual({ entry: "198.51.100.0/24" });
    expect(readAllowEntry("2001:DB8::/32")).toEqual({ entry: "2001:db8::/32" });
    expect(readAllowEntry("sip.example.com")).toEqual({
      problem: "sip.example.com is not an IP address or a CIDR block like 192.0.2.0/24",
    });
    expect(readAllowEntry("10.0.0.0/33")).toEqual({ problem: "10.0.0.0/33: the block size after / must be 0 to 32" });
    expect(readAllowEntry("10.0.0.0/8/1")).toHaveProperty("problem");
  });

  test("a source is allowed when it is listed or inside a listed block; IPv4 seen as IPv6 counts as IPv4", () => {
    const list = ["192.0.2.10", "198.51.100.0/24", "2001:db8::/32"];
    expect(inAllowList(list, "192.0.2.10")).toBe(true);
    expect(inAllowList(list, "192.0.2.11")).toBe(false);
    expect(inAllowList(list, "198.51.100.200")).toBe(true);
    expect(inAllowList(list, "::ffff:198.51.100.7")).toBe(true);
    expect(inAllowList(list, "2001:db8:1::5")).toBe(true);
    expect(inAllowList(list, "2001:db9::5")).toBe(false);
    expect(inAllowList(list, "not-an-ip")).toBe(false);
    expect(inAllowList([], "192.0.2.10")).toBe(false);
  });

  test("host names and IP addresses are told apart from junk", () => {
    expect(isHostOrIp("sip.provider.example")).toBe(true);
    expect(isHostOrIp("192.0.2.1")).toBe(true);
    expect(isHostOrIp("[2001:db8::1]")).toBe(true);
    expect(isHostOrIp("999.1.1.1")).toBe(false);
    expect(isHostOrIp("bad host")).toBe(false);
    expect(normalizeAddress("[2001:DB8::1]")).toBe("2001:db8::1");
  });
});

describe("resolving the provider's name", () => {
  test("a name is looked up once and kept for its TTL (at least 30 s); an IP is never looked up", async () => {
    const clock = new ManualClock();
    const asked: string[] = [];
    const cache = new AddressCache(clock, async (host) => {
      asked.push(host);
      return [{ address: asked.length === 1 ? "192.0.2.1" : "192.0.2.2", ttl: 60 }];
    });
    expect(cache.known("sip.example")).toEqual([]);
    expect(await cache.resolve("sip.example")).toEqual(["192.0.2.1"]);
    expect(await cache.resolve("sip.example")).toEqual(["192.0.2.1"]);
    expect(cache.known("sip.example")).toEqual(["192.0.2.1"]);
    clock.advance(60_000);
    expect(await cache.resolve("sip.example")).toEqual(["192.0.2.2"]);
    expect(await cache.resolve("198.51.100.9")).toEqual(["198.51.100.9"]);
    expect(asked).toEqual(["sip.example", "sip.example"]);
  });

  test("a name with no address is an error the registration can report", async () => {
    const cache = new AddressCache(new ManualClock(), async () => []);
    await expect(cache.resolve("nowhere.example")).rejects.toThrow("nowhere.example has no address");
  });
});
