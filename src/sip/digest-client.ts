import { randomBytes } from "node:crypto";
import { type AuthParam, formatAuthValue, parseAuthValue } from "./auth-params.ts";
import { computeDigestResponse, computeHa1, type DigestAlgorithm, toDigestAlgorithm } from "./digest.ts";

/** A Digest challenge from WWW-Authenticate or Proxy-Authenticate that this client can answer. */
export type DigestChallenge = {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: DigestAlgorithm;
  /** Whether the server offered qop=auth (used whenever offered). */
  readonly qopAuth: boolean;
  readonly opaque?: string;
  readonly stale: boolean;
};

/** Reads one challenge; undefined for other schemes, unknown algorithms, or a qop list without "auth". */
export function parseChallenge(value: string): DigestChallenge | undefined {
  const auth = parseAuthValue(value);
  if (auth?.scheme.toLowerCase() !== "digest") return undefined;
  const p = auth.params;
  const realm = p.get("realm");
  const nonce = p.get("nonce");
  const algorithm = toDigestAlgorithm(p.get("algorithm"));
  const qop = p.get("qop");
  const qopAuth = qop?.split(",").some((q) => q.trim().toLowerCase() === "auth") ?? false;
  if (realm === undefined || !nonce || !algorithm || (qop !== undefined && !qopAuth)) return undefined;
  return { realm, nonce, algorithm, qopAuth, opaque: p.get("opaque"), stale: p.get("stale")?.toLowerCase() === "true" };
}

/** RFC 8760 §2.4: use the topmost challenge whose algorithm is supported. */
export function chooseChallenge(values: readonly string[]): DigestChallenge | undefined {
  for (const value of values) {
    const challenge = parseChallenge(value);
    if (challenge) return challenge;
  }
  return undefined;
}

export type DigestAnswer = {
  readonly username: string;
  readonly password: string;
  readonly method: string;
  /** The Request-URI of the request being authorised. */
  readonly uri: string;
  /** Requests sent with this nonce so far, this one included (RFC 7616 §3.4 nonce-count). */
  readonly nonceCount?: number;
  /** Fixed only in tests; random otherwise. */
  readonly cnonce?: string;
};

/** The Authorization / Proxy-Authorization value answering a challenge (RFC 7616 §3.4). */
export function createAuthorization(challenge: DigestChallenge, answer: DigestAnswer): string {
  const ha1 = computeHa1(challenge.algorithm, answer.username, challenge.realm, answer.password);
  const nc = (answer.nonceCount ?? 1).toString(16).padStart(8, "0");
  const cnonce = answer.cnonce ?? randomBytes(16).toString("base64url");
  const qop = challenge.qopAuth ? { nc, cnonce } : undefined;
  const response = computeDigestResponse({
    algorithm: challenge.algorithm,
    ha1,
    nonce: challenge.nonce,
    method: answer.method,
    uri: answer.uri,
    qop,
  });
  const params: AuthParam[] = [
    ["username", answer.username, true],
    ["realm", challenge.realm, true],
    ["nonce", challenge.nonce, true],
    ["uri", answer.uri, true],
    ["response", response, true],
    ["algorithm", challenge.algorithm, false],
  ];
  if (qop) params.push(["cnonce", cnonce, true], ["qop", "auth", false], ["nc", nc, false]);
  if (challenge.opaque !== undefined) params.push(["opaque", challenge.opaque, true]);
  return formatAuthValue("Digest", params);
}
