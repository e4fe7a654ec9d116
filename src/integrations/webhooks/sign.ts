import { createHmac } from "node:crypto";

export const SIGNATURE_HEADER = "X-Switchboard-Signature";
export const TIMESTAMP_HEADER = "X-Switchboard-Timestamp";

/**
 * The signature of one attempt: HMAC-SHA256 with the webhook's secret over "<timestamp>.<body>", hex, as
 * "v1=<hex>". The timestamp (Unix seconds) is signed too, so a receiver can refuse old replays.
 */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}
