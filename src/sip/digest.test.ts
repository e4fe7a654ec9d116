import { describe, expect, test } from "bun:test";
import { ManualClock } from "../shared/index.ts";
import { parseAuthValue } from "./auth-params.ts";
import { computeHa1, createChallenges, type DigestServer, type StoredCredentials, verifyDigest } from "./digest.ts";
import { chooseChallenge, createAuthorization, parseChallenge } from "./digest-client.ts";

// RFC 7616 §3.9.1 inputs; the expected digests are the ones published there.
const RFC = {
  realm: "http-auth@example.org",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
};
const RFC_ANSWER = { username: "Mufasa", password: "Circle of Life", method: "GET", uri: "/dir/index.html", cnonce: RFC.cnonce };

const server: DigestServer = { realm: "switchboard.test", secret: "nonce-secret-for-tests", nonceTtlMs: 60_000 };
const users: Record<string, StoredCredentials> = { alice: { password: "correct horse" } };
const lookup = (name: string) => users[name];
const REQUEST = { method: "REGISTER", uri: "sip:switchboard.test" };

function answer(challenges: string[], username: string, password: string) {
  const challenge = chooseChallenge(challenges);
  if (!challenge) throw new Error("no usable challenge");
  return createAuthorization(challenge, { username, password, ...REQUEST });
}

describe("digest authentication", () => {
  test("RFC 7616 §3.9.1: the published MD5 and SHA-256 responses", () => {
    for (const [algorithm, expected] of [
      ["MD5", "8ca523f5e9506fed4657c9700eebdbec"],
      ["SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"],
    ] as const) {
      const challenge = parseChallenge(
        `Digest realm="${RFC.realm}", qop="auth, auth-int", algorithm=${algorithm}, nonce="${RFC.nonce}", opaque="${RFC.opaque}"`,
      );
      if (!challenge) throw new Error("challenge did not parse");
      const header = createAuthorization(challenge, RFC_ANSWER);
      const params = parseAuthValue(header)?.params;
      expect(params?.get("response")).toBe(expected);
      expect([params?.get("qop"), params?.get("nc"), params?.get("opaque")]).toEqual(["auth", "00000001", RFC.opaque]);
    }
  });

  test("a client answering our challenge is let in, with SHA-256 preferred", () => {
    const clock = new ManualClock();
    const challenges = createChallenges(server, clock.now());
    expect(challenges[0]).toContain("algorithm=SHA-256");
    expect(challenges[1]).toContain("algorithm=MD5");
    const header = answer(challenges, "alice", "correct horse");
    expect(header).toContain("algorithm=SHA-256");
    expect(verifyDigest(server, { header, ...REQUEST, requestUri: REQUEST.uri, now: clock.now(), lookup })).toEqual({
      ok: true,
      username: "alice",
    });
  });

  test("MD5 clients and stored HA1 values work too", () => {
    const md5Only = { ...server, algorithms: ["MD5"] as const };
    const now = Date.UTC(2026, 0, 5);
    const header = answer(createChallenges(md5Only, now), "bob", "s3cret");
    const stored = { ha1: { MD5: computeHa1("MD5", "bob", server.realm, "s3cret") } };
    expect(verifyDigest(md5Only, { header, ...REQUEST, now, lookup: () => stored })).toEqual({ ok: true, username: "bob" });
    expect(verifyDigest(server, { header, ...REQUEST, now, lookup: () => ({ ha1: {} }) })).toMatchObject({ ok: false, reason: "denied" });
  });

  test("a wrong password and an unknown user get the same refusal", () => {
    const now = Date.UTC(2026, 0, 5);
    const wrong = answer(createChallenges(server, now), "alice", "wrong");
    const ghost = answer(createChallenges(server, now), "nobody", "whatever");
    const a = verifyDigest(server, { header: wrong, ...REQUEST, now, lookup });
    const b = verifyDigest(server, { header: ghost, ...REQUEST, now, lookup });
    expect(a).toEqual({ ok: false, reason: "denied", stale: false });
    expect(b).toEqual(a);
  });

  test("an expired nonce with the right password is stale; with a wrong one it is simply refused", () => {
    const clock = new ManualClock();
    const challenges = createChallenges(server, clock.now());
    const good = answer(challenges, "alice", "correct horse");
    const bad = answer(challenges, "alice", "nope");
    clock.advance(60_001);
    expect(verifyDigest(server, { header: good, ...REQUEST, now: clock.now(), lookup })).toEqual({
      ok: false,
      reason: "stale",
      stale: true,
    });
    expect(verifyDigest(server, { header: bad, ...REQUEST, now: clock.now(), lookup })).toMatchObject({ stale: false, reason: "denied" });
    expect(createChallenges(server, clock.now(), true)[0]).toContain("stale=true");
    expect(parseChallenge(createChallenges(server, clock.now(), true)[0] ?? "")?.stale).toBe(true);
  });

  test("nonces that were tampered with, signed with another secret or stamped in the future are refused", () => {
    const now = Date.UTC(2026, 0, 5);
    const header = answer(createChallenges(server, now), "alice", "correct horse");
    const nonce = parseAuthValue(header)?.params.get("nonce") ?? "";
    const flipped = `${nonce.slice(0, 10)}${nonce[10] === "A" ? "B" : "A"}${nonce.slice(11)}`;
    const check = (h: string, s: DigestServer = server, at = now) =>
      verifyDigest(s, { header: h, ...REQUEST, now: at, lookup }).ok || "refused";
    expect(check(header.replace(nonce, flipped))).toBe("refused");
    expect(check(header, { ...server, secret: "other-secret" })).toBe("refused");
    expect(check(header, server, now - 60_000)).toBe("refused");
    expect(check(header)).toBe(true);
  });

  test("the digest uri must be the Request-URI when one is given, and unknown schemes are not Digest", () => {
    const now = Date.UTC(2026, 0, 5);
    const header = answer(createChallenges(server, now), "alice", "correct horse");
    expect(verifyDigest(server, { header, ...REQUEST, requestUri: "sip:elsewhere.test", now, lookup })).toMatchObject({ reason: "uri" });
    // RFC 4475 §3.3.7 (regaut01): a registrar challenges a scheme it does not know.
    expect(verifyDigest(server, { header: "NoOneKnowsThisScheme opaque-data=here", ...REQUEST, now, lookup })).toMatchObject({
      reason: "scheme",
    });
    expect(verifyDigest(server, { header: undefined, ...REQUEST, now, lookup })).toMatchObject({ reason: "missing" });
  });

  test("garbage credentials and challenges are refused without throwing", () => {
    const now = Date.UTC(2026, 0, 5);
    for (const header of [
      "",
      "Digest",
      'Digest username="a',
      "Digest ,,,",
      "Digest a=b, a=c",
      'Digest username="x", realm="switchboard.test"',
      "Digest qop=auth-int",
    ]) {
      expect(verifyDigest(server, { header, ...REQUEST, now, lookup }).ok).toBe(false);
    }
    expect(parseChallenge('Digest realm="r", nonce="n", algorithm=SHA-512-256')).toBeUndefined();
    expect(parseChallenge('Digest realm="r", nonce="n", qop="auth-int"')).toBeUndefined();
    expect(chooseChallenge(['Basic realm="r"', 'Digest realm="r", nonce="n", algorithm=MD5'])?.algorithm).toBe("MD5");
  });

  test("answers without qop (the RFC 2069 form RFC 3261 still allows) are written and accepted", () => {
    expect(parseChallenge('Digest realm="r", nonce="abc"')).toMatchObject({ algorithm: "MD5", qopAuth: false });
    const now = Date.UTC(2026, 0, 5);
    const offered = chooseChallenge(createChallenges(server, now));
    if (!offered) throw new Error("no challenge");
    const header = createAuthorization({ ...offered, qopAuth: false }, { username: "alice", password: "correct horse", ...REQUEST });
    expect(header).not.toContain("cnonce");
    expect(verifyDigest(server, { header, ...REQUEST, now, lookup })).toEqual({ ok: true, username: "alice" });
  });
});
