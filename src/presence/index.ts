/** Agent presence: the state machine of FEATURES C2 and its stored state (R6). */
export { type Presence, PresenceService, pausedChannels, readPresence, type StateChange } from "./presence.ts";
export type { PresenceEvents } from "./events.ts";
export * from "./schema.ts";
export {
  IllegalTransition,
  isLegal,
  legalChoices,
  type PresenceEvent,
  type PresenceSnapshot,
  STATE_LABELS,
  transition,
} from "./state-machine.ts";
