import { inArray } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { type AgentState, STATE_LABELS } from "../presence/index.ts";
import { agentPresence } from "./read-model.ts";
import { type AgentRow, loadAgentRows } from "./agent-rows.ts";
import { loadQueueRows, type QueueRow } from "./queue-figures.ts";
import { queuesInScope, scopeOf, type TeamGroup, teamGroups, type Viewer } from "./scope.ts";

/** Agents per state, from available to away, with the label people read. */
export type StateCount = { state: AgentState; label: string; n: number };
export type TeamBoard = { id: string | null; name: string; counts: StateCount[]; agents: AgentRow[] };
/** Everything the supervisor's live view shows at `now` (FEATURES S1). */
export type Board = { now: number; teams: TeamBoard[]; queues: QueueRow[] };

export function loadBoard(db: Db, viewer: Viewer, reasons: string[], now: number): Board {
  const scope = scopeOf(db, viewer);
  const groups = teamGroups(db, scope);
  const agentIds = [...new Set(groups.flatMap((g) => g.agentIds))];
  const rows = loadAgentRows(db, agentIds, reasons);
  const queueIds = queuesInScope(db, scope, agentIds);
  const queueRows = loadQueueRows(db, queueIds, now);
  return {
    now,
    teams: groups.map((g) => teamBoard(g, rows)),
    queues: queueIds.map((id) => queueRows.get(id)).filter((q): q is QueueRow => Boolean(q)),
  };
}

function teamBoard(g: TeamGroup, rows: Map<string, AgentRow>): TeamBoard {
  const agents = g.agentIds.map((id) => rows.get(id)).filter((r): r is AgentRow => Boolean(r));
  const counts = tally(agents.map((a) => a.state));
  return { id: g.id, name: g.name, counts, agents };
}

/** How many of these agents are in each state (the team's summary bar), from the presence rows alone. */
export function stateCounts(db: Db, agentIds: string[]): StateCount[] {
  if (agentIds.length === 0) return tally([]);
  const rows = db.select({ state: agentPresence.state }).from(agentPresence).where(inArray(agentPresence.userId, agentIds)).all();
  const neverSignedIn = Array<AgentState>(agentIds.length - rows.length).fill("logged_out");
  return tally([...rows.map((r) => r.state), ...neverSignedIn]);
}

const DISPLAY_ORDER: AgentState[] = ["ready", "busy", "wrap_up", "pending_not_ready", "not_ready", "logged_out"];

function tally(states: AgentState[]): StateCount[] {
  return DISPLAY_ORDER.map((state) => ({ state, label: STATE_LABELS[state], n: states.filter((s) => s === state).length }));
}
