import { afterEach, describe, expect, test } from "bun:test";
import { headerOf, requestText, statusOf, testEndpoint, udpPeer, waitFor } from "../../tests/sip/support.ts";
import type { GuardConfig } from "./guard-config.ts";

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** An endpoint, a legitimate client on 127.0.0.1 and an attacker on 127.0.0.2. */
async function scene(guard: Partial<GuardConfig>) {
  const t = await testEndpoint({ guard: { banMs: 60_000, ...guard } });
  const good = await udpPeer("127.0.0.1");
  const bad = await udpPeer("127.0.0.2");
  closers.push(() => t.endpoint.close(), good.close, bad.close);
  let n = 0;
  const options = (peer: { port: number; address: string }, extra: Partial<Parameters<typeof requestText>[0]> = {}) =>
    requestText({ via: `SIP/2.0/UDP ${peer.address}:${peer.port};branch=z9hG4bK${++n};rport`, callId: `c${n}`, ...extra });
  /** Sends from the good client and waits for its answer: everything sent before it has been handled. */
  const probe = async () => {
    good.send(options(good), t.udpPort);
    return statusOf((await good.next("the legitimate client's answer")).text);
  };
  return { ...t, good, bad, options, probe };
}

describe("abuse over the wire (FEATURES Q2)", () => {
  test("a garbage flood from one address gets that address banned while a client elsewhere is served throughout", async () => {
    const { bad, options, probe, udpPort, clock, endpoint, counters } = await scene({ maxMalformed: 20 });
    const answers: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 30; i++)
        bad.send(i % 2 ? "\u0016\u0003\u0001 not sip at all" : `INVITE sip:x@y SIP/2.0\r\nVia: nonsense\r\n\r\n`, udpPort);
      answers.push(await probe());
    }
    expect(answers).toEqual(Array(10).fill(200));
    expect(endpoint.guard.isBanned("127.0.0.2")).toBe(true);
    expect(counters.rejections.get("malformed")).toBe(20);
    expect(counters.rejections.get("banned")).toBe(280);
    // The 400s sent before the ban are all the attacker ever got; now even a valid request is ignored.
    const before = bad.inbox.length;
    expect(bad.inbox.every((d) => statusOf(d.text) === 400)).toBe(true);
    bad.send(options(bad), udpPort);
    await probe();
    expect(bad.inbox.length).toBe(before);
    clock.advance(60_000);
    bad.inbox.length = 0;
    bad.send(options(bad), udpPort);
    expect(statusOf((await bad.next("an answer once the ban is over")).text)).toBe(200);
  });

  test("a valid-request flood over the rate limit is banned; the other client is not affected", async () => {
    const { bad, options, probe, udpPort, endpoint } = await scene({ ratePerSecond: 5, burst: 20, maxRateDrops: 30 });
    for (let i = 0; i < 100; i++) bad.send(options(bad), udpPort);
    expect(await probe()).toBe(200);
    expect(bad.inbox.filter((d) => statusOf(d.text) === 200)).toHaveLength(20);
    expect(endpoint.guard.bans().map((b) => [b.address, b.reason])).toEqual([["127.0.0.2", "flood"]]);
  });

  test("a scanner User-Agent is never answered and its address is banned at once", async () => {
    const { bad, options, probe, udpPort, endpoint, counters } = await scene({});
    bad.send(options(bad, { method: "REGISTER", userAgent: "friendly-scanner" }), udpPort);
    bad.send(options(bad), udpPort);
    expect(await probe()).toBe(200);
    expect(bad.inbox).toEqual([]);
    expect(endpoint.guard.bans().map((b) => b.reason)).toEqual(["scanner"]);
    expect(counters.rejections.get("scanner")).toBe(1);
  });

  test("refusals and failed logins ban the sender; a first challenge (401 to a request without credentials) does not count", async () => {
    const { bad, options, probe, udpPort, endpoint } = await scene({ maxAuthFailures: 3 });
    endpoint.on("INVITE", (_request, tx) => tx.respond(403));
    endpoint.on("REGISTER", (request, tx) => tx.respond(request.headers.has("Proxy-Authorization") ? 407 : 401));
    endpoint.on("OPTIONS", (_request, tx) => tx.respond(200));
    const ask = async (extra: Partial<Parameters<typeof requestText>[0]>) => {
      bad.send(options(bad, extra), udpPort);
      for (;;) {
        const status = statusOf((await bad.next("the final answer")).text);
        if (status >= 200) return status;
      }
    };
    const credentials = 'Digest username="a", realm="r", nonce="n", uri="sip:x", response="0"';
    const challenges = [];
    for (let i = 0; i < 5; i++) challenges.push(await ask({ method: "REGISTER" }));
    expect(challenges).toEqual([401, 401, 401, 401, 401]);
    expect(await ask({ method: "REGISTER", extra: [`Authorization: ${credentials}`] })).toBe(401);
    expect(await ask({ method: "INVITE" })).toBe(403);
    expect(endpoint.guard.isBanned("127.0.0.2")).toBe(false);
    expect(await ask({ method: "REGISTER", extra: [`Proxy-Authorization: ${credentials}`] })).toBe(407);
    expect(endpoint.guard.bans().map((b) => [b.address, b.reason])).toEqual([["127.0.0.2", "auth"]]);
    bad.send(options(bad, { method: "REGISTER" }), udpPort);
    expect(await probe()).toBe(200);
    expect(bad.inbox).toEqual([]);
  });

  test("INVITEs beyond the per-second cap, and requests beyond the transaction cap, get 503 with Retry-After", async () => {
    const { good, options, udpPort, endpoint } = await scene({ maxInvitesPerSecond: 1, maxTransactions: 2, retryAfterSeconds: 9 });
    for (const method of ["INVITE", "REGISTER"]) endpoint.on(method, () => {});
    const statusFor = async (text: string) => {
      good.send(text, udpPort);
      const reply = (await good.next()).text;
      return `${statusOf(reply)} ${headerOf(reply, "Retry-After") ?? "-"}`;
    };
    expect(await statusFor(options(good, { method: "INVITE" }))).toBe("100 -");
    expect(await statusFor(options(good, { method: "INVITE" }))).toBe("503 9");
    // One INVITE and this REGISTER are in progress (the handler never answers): the next request is shed.
    good.send(options(good, { method: "REGISTER" }), udpPort);
    await waitFor(() => endpoint.stats.serverTransactions === 2, "two transactions in progress");
    expect(await statusFor(options(good))).toBe("503 9");
  });
});
