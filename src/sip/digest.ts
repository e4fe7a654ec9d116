import { createHash, randomUUID } from "node:crypto";
import { safeEqual } from "../shared/index.ts";
import { formatAuthValue, parseAuthValue } from "./auth-params.ts";
import { checkNonce, issueNonce, type NonceSecret } from "./digest-nonce.ts";

/** The digest algorithms of RFC 8760 this stack speaks; SHA-256 is preferred, MD5 kept for older phones. */
export type DigestAlgorithm = "MD5" | "SHA-256";

const HASH: Record<DigestAlgorithm, string> = { MD5: "md5", "SHA-256": "sha256" };

export function toDigestAlgorithm(text: string | undefined): DigestAlgorithm | undefined {
  const upper = (text ?? "MD5").toUpperCase();
  return upper === "MD5" || upper === "SHA-256" ? upper : undefined;
}

export function digestHash(algorithm: DigestAlgorithm, text: string): string {
  return createHash(HASH[algorithm]).update(text, "utf8").digest("hex");
}

/** HA1 = H(username:realm:password) (RFC 7616 §3.4.2); store it instead of the password if you like. */
export function computeHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export type DigestInputs = {
  readonly algorithm: DigestAlgorithm;
  readonly ha1: string;
  readonly nonce: string;
  readonly method: string;
  readonly uri: string;
  /** With qop=auth (RFC 7616 §3.4.1); without it, the RFC 2069 form that RFC 3261 still allows. */
  readonly qop?: { readonly nc: string; readonly cnonce: string };
};

/** The request-digest ("response" parameter). */
export function computeDigestResponse(i: DigestInputs): string {
  const ha2 = digestHash(i.algorithm, `${i.method}:${i.uri}`);
  const middle = i.qop ? `${i.nonce}:${i.qop.nc}:${i.qop.cnonce}:auth` : i.nonce;
  return digestHash(i.algorithm, `${i.ha1}:${middle}:${ha2}`);
}

/** Server-side settings: the realm, the nonce MAC secret, nonce lifetime and the algorithms offered. */
export type DigestServer = {
  readonly realm: string;
  readonly secret: NonceSecret;
  readonly nonceTtlMs?: number;
  /** Offered in this order; defaults to SHA-256 then MD5 (RFC 8760 §2.4: preferred first). */
  readonly algorithms?: readonly DigestAlgorithm[];
};

export const DEFAULT_NONCE_TTL_MS = 5 * 60_000;

/** One WWW-Authenticate / Proxy-Authenticate value per algorithm, preferred first. */
export function createChallenges(server: DigestServer, now: number, stale = false): string[] {
  const nonce = issueNonce(server.secret, server.realm, now);
  return (server.algorithms ?? ["SHA-256", "MD5"]).map((algorithm) =>
    formatAuthValue("Digest", [
      ["realm", server.realm, true],
      ["nonce", nonce, true],
      ["algorithm", algorithm, false],
      ["qop", "auth", true],
      ...(stale ? [["stale", "true", false] as const] : []),
    ]),
  );
}

/** What is stored for a user: the password, or HA1 per algorithm. */
export type StoredCredentials = { readonly password: string } | { readonly ha1: Partial<Record<DigestAlgorithm, string>> };

export type DigestRequest = {
  /** The Authorization or Proxy-Authorization value, if any. */
  readonly header: string | undefined;
  readonly method: string;
  /** When given, the digest "uri" must equal it (the Request-URI as written). */
  readonly requestUri?: string;
  readonly now: number;
  readonly lookup: (username: string) => StoredCredentials | undefined;
};

export type DigestFailure = "missing" | "malformed" | "scheme" | "realm" | "algorithm" | "qop" | "uri" | "nonce" | "denied" | "stale";

/**
 * The outcome; on failure send a fresh challenge (with stale=true when `stale`). The reason is for logs
 * only: every failure gets the same challenge, so a scanner learns nothing about which users exist.
 */
export type DigestVerdict =
  | { readonly ok: true; readonly username: string }
  | { readonly ok: false; readonly reason: DigestFailure; readonly stale: boolean };

const no = (reason: DigestFailure): DigestVerdict => ({ ok: false, reason, stale: false });

/** Verifies credentials against a challenge this server issued (RFC 7616 §3.4, RFC 8760). */
export function verifyDigest(server: DigestServer, req: DigestRequest): DigestVerdict {
  if (!req.header) return no("missing");
  const auth = parseAuthValue(req.header);
  if (!auth) return no("malformed");
  if (auth.scheme.toLowerCase() !== "digest") return no("scheme");
  const p = auth.params;
  const [username, realm, nonce, uri, response] = ["username", "realm", "nonce", "uri", "response"].map((k) => p.get(k));
  if (username === undefined || realm === undefined || !nonce || uri === undefined || !response) return no("malformed");
  if (realm !== server.realm) return no("realm");
  const algorithm = toDigestAlgorithm(p.get("algorithm"));
  if (!algorithm || !(server.algorithms ?? ["SHA-256", "MD5"]).includes(algorithm)) return no("algorithm");
  const qop = readQop(p);
  if (qop === "bad") return no("qop");
  if (req.requestUri !== undefined && uri !== req.requestUri) return no("uri");
  const nonceState = checkNonce(server.secret, server.realm, nonce, req.now, server.nonceTtlMs ?? DEFAULT_NONCE_TTL_MS);
  if (nonceState === "invalid") return no("nonce");
  const stored = req.lookup(username);
  const ha1 = stored && ("password" in stored ? computeHa1(algorithm, username, realm, stored.password) : stored.ha1[algorithm]);
  // Unknown users cost the same hashing and get the same answer as a wrong password.
  const expected = computeDigestResponse({
    algorithm,
    ha1: ha1 ?? digestHash(algorithm, randomUUID()),
    nonce,
    method: req.method,
    uri,
    qop,
  });
  if (!safeEqual(expected, response.toLowerCase()) || !ha1) return no("denied");
  if (nonceState === "stale") return { ok: false, reason: "stale", stale: true };
  return { ok: true, username };
}

function readQop(p: ReadonlyMap<string, string>): DigestInputs["qop"] | "bad" {
  const qop = p.get("qop");
  if (qop === undefined) return undefined;
  const nc = p.get("nc");
  const cnonce = p.get("cnonce");
  if (qop.toLowerCase() !== "auth" || !nc || !/^[0-9a-fA-F]{8}$/.test(nc) || !cnonce) return "bad";
  return { nc, cnonce };
}
