import { inArray } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import type { PresenceEvents } from "../presence/index.ts";
import type { RoutingEvents } from "../routing/index.ts";
import { queueMembers } from "./read-model.ts";
import type { Clock, EventBus, Logger, SseHub } from "../shared/index.ts";
import { type AgentRow, loadAgentRows } from "./agent-rows.ts";
import { boardTeamsOf, viewersOfAgent, viewersOfQueue, viewersOfTeam } from "./audience.ts";
import { type StateCount, stateCounts } from "./board.ts";
import { loadQueueRows, type QueueRow } from "./queue-figures.ts";
import { teamGroup } from "./scope.ts";

/** The fragments the page renders, handed in by the route file (only route files render views). */
export type LiveRenderers = {
  agentRow(row: AgentRow, now: number): string;
  queueRow(row: QueueRow, now: number): string;
  teamSummary(counts: StateCount[]): string;
};
export type LiveDeps = {
  db: Db;
  bus: EventBus<PresenceEvents & RoutingEvents>;
  hub: SseHub;
  clock: Clock;
  log: Logger;
  reasons: () => string[];
};

const WATCHED = [
  "agent.state_changed",
  "interaction.queued",
  "interaction.accepted",
  "interaction.ended",
  "interaction.wrapped_up",
  "interaction.transferred",
  "interaction.transfer_requested",
  "interaction.transfer_failed",
  "interaction.overflowed",
  "offer.created",
  "offer.closed",
  "queue.left",
] as const satisfies readonly (keyof (PresenceEvents & RoutingEvents))[];

/** The agents and departments a watched event may name, whichever it is. */
type Mentions = {
  at: number;
  userId?: string;
  agentId?: string | null;
  fromAgentId?: string | null;
  toAgentId?: string;
  queueId?: string | null;
  fromQueueId?: string | null;
  toQueueId?: string;
};

/**
 * Pushes the rows that changed to the supervisors allowed to see them (FEATURES S1).
 *
 * Topics: every viewer gets rows on their own `user:<id>` topic, which /events subscribes each signed-in user
 * to. The shared `supervisors` topic would hand every supervisor the agents of every team, and the hub cannot
 * filter per subscriber; per-viewer topics keep the filtering here, where team membership is known. A row is
 * rendered once and pushed to each viewer who is connected; with no viewer connected nothing is rendered.
 * Events arriving in one burst (an accept publishes four or five) are coalesced into one render per row.
 */
export function attachSupervisorLiveWith(deps: LiveDeps, render: LiveRenderers): () => void {
  const dirty = { agents: new Set<string>(), queues: new Set<string>(), stateOf: new Set<string>() };
  let scheduled = false;
  let stopped = false;
  const flush = () => {
    scheduled = false;
    if (stopped) return;
    const batch = { agents: [...dirty.agents], queues: [...dirty.queues], stateOf: [...dirty.stateOf] };
    dirty.agents.clear();
    dirty.queues.clear();
    dirty.stateOf.clear();
    try {
      pushChanges(deps, render, batch);
    } catch (err) {
      deps.log.error("supervisor live update failed", { err });
    }
  };
  const offs = WATCHED.map((name) =>
    deps.bus.subscribe(name, (p: Mentions) => {
      for (const id of [p.userId, p.agentId, p.fromAgentId, p.toAgentId]) if (id) dirty.agents.add(id);
      for (const id of [p.queueId, p.fromQueueId, p.toQueueId]) if (id) dirty.queues.add(id);
      if (name === "agent.state_changed" && p.userId) dirty.stateOf.add(p.userId);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
    }),
  );
  return () => {
    stopped = true;
    for (const off of offs) off();
  };
}

type Batch = { agents: string[]; queues: string[]; stateOf: string[] };

function pushChanges(deps: LiveDeps, render: LiveRenderers, batch: Batch): void {
  const { db, hub } = deps;
  const now = deps.clock.now();
  const listening = (ids: string[]) => ids.filter((id) => hub.count(`user:${id}`) > 0);
  const send = (viewers: string[], event: string, data: () => string) => {
    if (viewers.length === 0) return;
    const html = data();
    for (const v of viewers) hub.publish(`user:${v}`, { event, data: html });
  };

  // A state change moves the Ready count of the agent's queues and the summary of their teams.
  const queueIds = new Set(batch.queues);
  if (batch.stateOf.length)
    for (const m of db.select().from(queueMembers).where(inArray(queueMembers.userId, batch.stateOf)).all()) queueIds.add(m.queueId);
  const teamIds = new Set(batch.stateOf.flatMap((id) => boardTeamsOf(db, id)));

  const agentViewers = new Map(batch.agents.map((id) => [id, listening(viewersOfAgent(db, id))]));
  const rows = loadAgentRows(
    db,
    batch.agents.filter((id) => agentViewers.get(id)?.length),
    deps.reasons(),
  );
  for (const [id, row] of rows) send(agentViewers.get(id) ?? [], `agent-${id}`, () => render.agentRow(row, now));

  const queueViewers = new Map([...queueIds].map((id) => [id, listening(viewersOfQueue(db, id))]));
  const queues = loadQueueRows(
    db,
    [...queueIds].filter((id) => queueViewers.get(id)?.length),
    now,
  );
  for (const [id, row] of queues) send(queueViewers.get(id) ?? [], `queue-${id}`, () => render.queueRow(row, now));

  for (const teamId of teamIds) {
    send(listening(viewersOfTeam(db, teamId)), `team-${teamId ?? "none"}`, () =>
      render.teamSummary(stateCounts(db, teamGroup(db, teamId)?.agentIds ?? [])),
    );
  }
}
