/** Fixtures for the transaction tests: a recording transport, the manual clock, messages from the samples. */
import { createLogger, ManualClock } from "../../shared/index.ts";
import type { IncomingRequest, IncomingResponse, SipMessage, SipRequest } from "../message.ts";
import { parseDatagram } from "../parse.ts";
import type { Peer } from "../peer.ts";
import { createResponse, type ResponseOptions } from "../response.ts";
import { sampleBytes } from "../sample-messages.ts";
import { serializeMessage } from "../serialize.ts";
import { stampTopVia } from "../via-received.ts";
import { DEFAULT_TIMER_SETTINGS } from "./timers.ts";
import type { TransactionEnv, TransactionView } from "./transaction.ts";

export const UDP_PEER: Peer = { transport: "UDP", address: "192.0.2.1", port: 5062 };
export const TCP_PEER: Peer = { transport: "TCP", address: "192.0.2.1", port: 40000 };

export function recordingEnv() {
  const clock = new ManualClock();
  const sent: Array<{ message: SipMessage; to: Peer }> = [];
  const terminated: TransactionView[] = [];
  const errors: string[] = [];
  let failing = false;
  const env: TransactionEnv = {
    clock,
    timers: DEFAULT_TIMER_SETTINGS,
    log: createLogger("debug", {}, (line, level) => {
      if (level === "error") errors.push(line);
    }),
    send(message, to, failed) {
      sent.push({ message, to });
      if (failing) failed();
    },
    terminated: (tx) => terminated.push(tx),
  };
  /** Status codes and methods of what went out, in order ("100", "486", "ACK"…). */
  const wire = () => sent.map(({ message }) => (message.kind === "request" ? message.method : String(message.status)));
  const failSends = (on: boolean) => {
    failing = on;
  };
  return { env, clock, sent, terminated, errors, wire, failSends };
}

export function parseOrThrow(bytes: Uint8Array): IncomingRequest | IncomingResponse {
  const result = parseDatagram(bytes);
  if (!result.ok) throw new Error(result.error.reason);
  return result.message;
}

/** A sample request as the transport would hand it up from `source`. */
export function receivedRequest(name: string, source: Peer = UDP_PEER, edit: (text: string) => string = (t) => t): IncomingRequest {
  const text = edit(new TextDecoder().decode(sampleBytes(name)));
  const message = parseOrThrow(new TextEncoder().encode(text));
  if (message.kind !== "request") throw new Error("expected a request");
  return stampTopVia(message, source);
}

/** The response a far end would send to a request of ours. */
export function responseTo(request: SipRequest, status: number, options: ResponseOptions = {}): IncomingResponse {
  const message = parseOrThrow(serializeMessage(createResponse({ method: request.method, headers: request.headers }, status, options)));
  if (message.kind !== "response") throw new Error("expected a response");
  return message;
}
