import { BRANCH_COOKIE } from "./via.ts";

function randomHex(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString("hex");
}

/** A From/To tag with 64 random bits (RFC 3261 §19.3 asks for at least 32). */
export function newTag(): string {
  return randomHex(8);
}

/** A Via branch: the RFC 3261 cookie plus 96 random bits, unique across space and time (§8.1.1.7). */
export function newBranch(): string {
  return `${BRANCH_COOKIE}${randomHex(12)}`;
}

/** A Call-ID with 128 random bits; `host` is optional and only makes it easier to read in traces. */
export function newCallId(host?: string): string {
  return host ? `${randomHex(16)}@${host}` : randomHex(16);
}
