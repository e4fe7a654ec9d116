import type { StateChange } from "./presence.ts";

/** The events presence publishes, by name, with their payloads. */
export type PresenceEvents = {
  /** An agent's state, reason or paused channels changed (`cause` says which presence event did it, or
   * `pause` when only the paused channels changed). */
  "agent.state_changed": Omit<StateChange, "cause"> & { cause: StateChange["cause"] | "pause" };
};
