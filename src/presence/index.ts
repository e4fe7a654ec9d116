/** Agent presence: the state machine of FEATURES C2 and its stored state (R6). */
export {
  agentsWithWrapUpEnd,
  type Presence,
  PresenceService,
  pausedChannels,
  readPresence,
  type StateChange,
  storedState,
} from "./presence.ts";
export { AGENT_STATES, type AgentState } from "./schema.ts";
export type { PresenceEvents } from "./events.ts";
export {
  IllegalTransition,
  isLegal,
  legalChoices,
  type PresenceEvent,
  type PresenceSnapshot,
  STATE_LABELS,
  transition,
} from "./state-machine.ts";
