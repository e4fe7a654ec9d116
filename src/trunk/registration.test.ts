import { afterEach, describe, expect, test } from "bun:test";
import { ManualClock, silentLogger } from "../shared/index.ts";
import { createChallenges, type DigestAlgorithm, type IncomingRequest, type ServerTransaction, verifyDigest } from "../sip/index.ts";
import { testEndpoint, waitFor } from "../../tests/sip/support.ts";
import { Registration, type RegistrationReport } from "./registration.ts";

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

type Answer = (request: IncomingRequest, tx: ServerTransaction, verdict: ReturnType<typeof verifyDigest>) => void;

/** Our own endpoint as the provider's registrar, checking digests with the server side of src/sip. */
async function registrar(opts: { password?: string; algorithms?: DigestAlgorithm[]; answer?: Answer } = {}) {
  const clock = new ManualClock();
  const provider = await testEndpoint({ clock });
  const client = await testEndpoint({ clock });
  closers.push(
    () => provider.endpoint.close(),
    () => client.endpoint.close(),
  );
  const server = { realm: "voip.example", secret: new Uint8Array(32).fill(7), algorithms: opts.algorithms };
  const seen: IncomingRequest[] = [];
  const ok: Answer = (request, tx, verdict) => {
    if (!verdict.ok)
      return void tx.respond(401, {
        headers: createChallenges(server, clock.now(), verdict.stale).map((value) => ({ name: "WWW-Authenticate", value })),
      });
    tx.respond(200, { headers: [{ name: "Contact", value: request.headers.get("Contact") ?? "" }] });
  };
  provider.endpoint.on("REGISTER", (request, tx) => {
    seen.push(request);
    const verdict = verifyDigest(server, {
      header: request.headers.get("Authorization"),
      method: "REGISTER",
      requestUri: request.uri,
      now: clock.now(),
      lookup: (user) => (user === "acme" ? { password: opts.password ?? "s3cret" } : undefined),
    });
    (opts.answer ?? ok)(request, tx, verdict);
  });
  const reports: RegistrationReport[] = [];
  const registration = new Registration(
    { host: "127.0.0.1", port: provider.udpPort, transport: "UDP", username: "acme", password: "s3cret", realm: "", expiresS: 120 },
    {
      endpoint: client.endpoint,
      clock,
      log: silentLogger,
      resolve: async (host) => [host],
      contactHost: () => "",
      report: (r) => reports.push(r),
      backoff: { firstMs: 1_000, maxMs: 4_000 },
    },
  );
  const last = () => reports[reports.length - 1];
  const until = (state: RegistrationReport["state"], count = 1) =>
    waitFor(() => reports.filter((r) => r.state === state).length >= count, `${count} × ${state}`);
  return { clock, seen, reports, registration, last, until, client };
}

describe("registration with the provider (RFC 3261 §10.2)", () => {
  test("answers the 401 with a digest the registrar accepts, then refreshes at half the granted time", async () => {
    const r = await registrar();
    r.registration.start();
    await r.until("registered");
    expect(r.seen.map((q) => q.headers.has("Authorization"))).toEqual([false, true]);
    const authorization = r.seen[1]?.headers.get("Authorization") ?? "";
    expect(authorization).toContain('username="acme"');
    expect(authorization).toContain('realm="voip.example"');
    expect(authorization).toContain("algorithm=SHA-256");
    expect(r.last()).toEqual({ state: "registered", at: r.clock.now(), until: r.clock.now() + 120_000 });
    const first = r.seen[1] as IncomingRequest;
    expect(first.headers.get("Contact")).toBe(`<sip:acme@127.0.0.1:${r.client.udpPort}>;expires=120`);
    expect(first.requestUri).toMatchObject({ kind: "sip", host: "127.0.0.1" });

    r.clock.advance(59_999);
    expect(r.seen).toHaveLength(2);
    r.clock.advance(1);
    await r.until("registered", 2);
    const refresh = r.seen[3] as IncomingRequest;
    expect(refresh.callId).toBe(first.callId);
    expect(refresh.cseq.seq).toBe(4);
    expect(r.registration.state).toBe("registered");
  });

  test("an MD5-only registrar gets an MD5 answer", async () => {
    const r = await registrar({ algorithms: ["MD5"] });
    r.registration.start();
    await r.until("registered");
    expect(r.seen[1]?.headers.get("Authorization")).toContain("algorithm=MD5");
  });

  test("the time the registrar grants in our Contact wins over what we asked for", async () => {
    const r = await registrar({
      answer: (request, tx) => {
        const contact = request.headers.get("Contact")?.replace(/;expires=\d+/, "");
        tx.respond(200, { headers: [{ name: "Contact", value: `${contact};expires=30` }] });
      },
    });
    r.registration.start();
    await r.until("registered");
    expect(r.last()).toMatchObject({ until: r.clock.now() + 30_000 });
    r.clock.advance(15_000);
    await r.until("registered", 2);
    expect(r.seen).toHaveLength(2);
  });

  test("a wrong password is reported as refused, and retried with doubling back-off", async () => {
    const r = await registrar({ password: "other" });
    r.registration.start();
    await r.until("failing");
    expect(r.last()).toEqual({
      state: "failing",
      at: r.clock.now(),
      error: "401 Unauthorized: the provider refused the username or password",
      retryAt: r.clock.now() + 1_000,
    });
    expect(r.seen).toHaveLength(2);
    r.clock.advance(1_000);
    await r.until("failing", 2);
    expect(r.last()).toMatchObject({ retryAt: r.clock.now() + 2_000 });
    r.clock.advance(2_000);
    await r.until("failing", 3);
    r.clock.advance(4_000);
    await r.until("failing", 4);
    expect(r.last()).toMatchObject({ retryAt: r.clock.now() + 4_000 });
  });

  test("a registrar that refuses outright (403) is reported with its reason; a later success clears it", async () => {
    let refuse = true;
    const r = await registrar({
      answer: (request, tx) =>
        refuse
          ? tx.respond(403, { reason: "Account suspended" })
          : tx.respond(200, { headers: [{ name: "Contact", value: request.headers.get("Contact") ?? "" }] }),
    });
    r.registration.start();
    await r.until("failing");
    expect(r.last()).toMatchObject({ state: "failing", error: "403 Account suspended" });
    refuse = false;
    r.clock.advance(1_000);
    await r.until("registered");
  });

  test("423 Interval Too Brief: asks again with the registrar's Min-Expires", async () => {
    const r = await registrar({
      answer: (request, tx) => {
        if (request.headers.get("Expires") !== "300") return void tx.respond(423, { headers: [{ name: "Min-Expires", value: "300" }] });
        tx.respond(200, { headers: [{ name: "Contact", value: request.headers.get("Contact") ?? "" }] });
      },
    });
    r.registration.start();
    await r.until("registered");
    expect(r.last()).toMatchObject({ until: r.clock.now() + 300_000 });
  });

  test("a registrar that never answers: Timer F ends the attempt as a timeout", async () => {
    const r = await registrar({ answer: () => {} });
    r.registration.start();
    await waitFor(() => r.seen.length === 1, "the REGISTER");
    r.clock.advance(32_000);
    await r.until("failing");
    expect(r.last()).toMatchObject({ error: "no answer from the provider (timed out)" });
  });

  test("stop removes the binding with Expires: 0 (answering the challenge again) and reports stopped", async () => {
    const r = await registrar();
    r.registration.start();
    await r.until("registered");
    await r.registration.stop();
    const removal = r.seen.slice(2);
    expect(removal.map((q) => q.headers.get("Expires"))).toEqual(["0", "0"]);
    expect(removal[1]?.headers.has("Authorization")).toBe(true);
    expect(r.last()).toMatchObject({ state: "stopped" });
    expect(r.registration.state).toBe("stopped");
  });
});
