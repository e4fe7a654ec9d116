import { createHmac, timingSafeEqual } from "node:crypto";

// issued-at (48-bit ms) | 64 random bits | first 128 bits of HMAC-SHA-256(secret, realm | issued-at | random)
const STAMP_BYTES = 6;
const RANDOM_BYTES = 8;
const BODY_BYTES = STAMP_BYTES + RANDOM_BYTES;
const MAC_BYTES = 16;
const NONCE = /^[A-Za-z0-9_-]{40}$/;
/** Nonces stamped later than this ahead of our clock are forged or from a misconfigured peer. */
const MAX_FUTURE_MS = 5_000;

export type NonceSecret = string | Uint8Array;
export type NonceState = "valid" | "stale" | "invalid";

/**
 * A stateless nonce (RFC 7616 §3.3 leaves the construction to the server): it carries its own issue time
 * and a MAC, so any process holding the secret can check it and tell when it has expired.
 */
export function issueNonce(secret: NonceSecret, realm: string, now: number): string {
  const body = new Uint8Array(BODY_BYTES);
  const view = new DataView(body.buffer);
  view.setUint16(0, Math.floor(now / 2 ** 32));
  view.setUint32(2, now % 2 ** 32);
  body.set(crypto.getRandomValues(new Uint8Array(RANDOM_BYTES)), STAMP_BYTES);
  return Buffer.concat([body, mac(secret, realm, body)]).toString("base64url");
}

/** Whether a nonce was issued by us for this realm, and if so whether it is older than `ttlMs`. */
export function checkNonce(secret: NonceSecret, realm: string, nonce: string, now: number, ttlMs: number): NonceState {
  if (!NONCE.test(nonce)) return "invalid";
  const raw = Buffer.from(nonce, "base64url");
  if (raw.length !== BODY_BYTES + MAC_BYTES) return "invalid";
  const body = raw.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(raw.subarray(BODY_BYTES), mac(secret, realm, body))) return "invalid";
  const view = new DataView(body.buffer, body.byteOffset, BODY_BYTES);
  const issued = view.getUint16(0) * 2 ** 32 + view.getUint32(2);
  if (issued > now + MAX_FUTURE_MS) return "invalid";
  return now - issued > ttlMs ? "stale" : "valid";
}

function mac(secret: NonceSecret, realm: string, body: Uint8Array): Buffer {
  return createHmac("sha256", secret).update(realm).update(body).digest().subarray(0, MAC_BYTES);
}
