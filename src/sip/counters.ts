import type { Metrics } from "../shared/index.ts";
import { KNOWN_METHODS, type SipMessage } from "./message.ts";

export type Direction = "in" | "out";

/** Why a message or connection was refused or dropped. */
export type RejectReason = "banned" | "rate_limited" | "malformed" | "scanner" | "overload" | "connection_limit" | "idle_timeout";

/** Counting hooks; `metricsCounters` feeds them into the appliance's /metrics registry. */
export interface SipCounters {
  message(direction: Direction, method: string): void;
  rejected(reason: RejectReason): void;
}

export const NO_COUNTERS: SipCounters = { message: () => {}, rejected: () => {} };

/**
 * The `method` label: the method of a request, `response` for responses. Unknown methods become `other`, so a
 * flood of invented method names cannot create unbounded series.
 */
export function methodLabel(message: SipMessage): string {
  if (message.kind === "response") return "response";
  return KNOWN_METHODS.has(message.method) ? message.method : "other";
}

/** Declares `switchboard_sip_messages_total{direction,method}` and `switchboard_sip_rejected_total{reason}`. */
export function metricsCounters(metrics: Metrics): SipCounters {
  const messages = metrics.counter("switchboard_sip_messages_total", "SIP messages received and sent, by direction and method.");
  const rejected = metrics.counter("switchboard_sip_rejected_total", "SIP messages or connections refused or dropped, by reason.");
  return {
    message: (direction, method) => messages({ direction, method }),
    rejected: (reason) => rejected({ reason }),
  };
}

/** Counts in memory; for tests and for a status page. */
export class CounterTally implements SipCounters {
  readonly messages = new Map<string, number>();
  readonly rejections = new Map<RejectReason, number>();

  message(direction: Direction, method: string): void {
    const key = `${direction} ${method}`;
    this.messages.set(key, (this.messages.get(key) ?? 0) + 1);
  }

  rejected(reason: RejectReason): void {
    this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
  }
}
