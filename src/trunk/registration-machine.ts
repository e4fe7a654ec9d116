/**
 * The states of a registration with the provider (RFC 3261 §10.2) and the moves between them. A
 * registration in "waiting" failed and has a retry scheduled; "unregistering" sends Expires: 0 on shutdown.
 */
export type RegistrationState = "idle" | "registering" | "registered" | "waiting" | "unregistering" | "stopped";
export type RegistrationEvent = "start" | "succeeded" | "failed" | "refresh" | "retry" | "unregister" | "stop";

const MOVES: Record<RegistrationState, Partial<Record<RegistrationEvent, RegistrationState>>> = {
  idle: { start: "registering", stop: "stopped" },
  registering: { succeeded: "registered", failed: "waiting", unregister: "unregistering", stop: "stopped" },
  registered: { refresh: "registering", unregister: "unregistering", stop: "stopped" },
  waiting: { retry: "registering", unregister: "unregistering", stop: "stopped" },
  unregistering: { stop: "stopped" },
  stopped: {},
};

export class IllegalRegistrationMove extends Error {}

export function transition(state: RegistrationState, event: RegistrationEvent): RegistrationState {
  const next = MOVES[state][event];
  if (!next) throw new IllegalRegistrationMove(`registration: "${event}" is not allowed in state "${state}"`);
  return next;
}

/** Seconds before the next attempt after `failures` failures in a row: doubling from `firstMs`, capped. */
export function backoffMs(failures: number, bounds: { firstMs: number; maxMs: number }): number {
  return Math.min(bounds.firstMs * 2 ** Math.min(Math.max(failures - 1, 0), 20), bounds.maxMs);
}
