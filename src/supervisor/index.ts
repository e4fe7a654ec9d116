/** The supervisor's live view and control of agents (FEATURES S1, S3). */
export type { AgentRow, StateChoice, WorkItem } from "./agent-rows.ts";
export type { Board, StateCount, TeamBoard } from "./board.ts";
export {
  /** A supervisor or admin changes an agent's state; scoped to their teams, legal moves only, audited. */
  forceAgentState,
  /** The admin's Not Ready reasons, or one neutral reason when none is listed. */
  notReadyReasons,
  STATE_CHOICES,
} from "./force-state.ts";
export {
  /** Department figures for the live view: waiting, longest wait, service level today, agents Ready. */
  loadQueueRows,
  type QueueRow,
  SERVICE_LEVEL_MS,
} from "./queue-figures.ts";
export { assertAgentInScope, queuesInScope, scopeOf, teamGroups, type Viewer } from "./scope.ts";
