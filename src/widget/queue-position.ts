import { and, asc, desc, eq, gte, isNotNull } from "drizzle-orm";
import { conversations, interactions } from "./read-model.ts";
import type { Db } from "../db/index.ts";
import { canTake, loadAgentPool } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";

/**
 * Where a waiting visitor stands: 1 = next. `busy` when no agent of the department can take a chat now (the
 * visitor is told so instead of a wait); the estimate is null then, and until the department has a recent history.
 */
export type QueueStanding = { position: number; waiting: number; estimateS: number | null; busy: boolean };

/** How far back and how many answered chats the wait estimate looks at. */
const HISTORY_MS = 2 * 3600_000;
const HISTORY_COUNT = 20;

/** The waiting chats of a department in the order they will be offered (priority, then first come), with their conversation. */
export function waitingLine(db: Db, queueId: string): { interactionId: string; conversationId: string }[] {
  return db
    .select({ interactionId: interactions.id, conversationId: conversations.id })
    .from(interactions)
    .innerJoin(conversations, eq(conversations.interactionId, interactions.id))
    .where(and(eq(interactions.status, "queued"), eq(interactions.queueId, queueId), eq(interactions.channel, "chat")))
    .orderBy(desc(interactions.priority), asc(interactions.queuedAt), asc(interactions.id))
    .all();
}

/** Average wait of the department's recently accepted chats, in milliseconds, or null without history. */
export function averageWaitMs(db: Db, queueId: string, now: number): number | null {
  const rows = db
    .select({ queuedAt: interactions.queuedAt, acceptedAt: interactions.acceptedAt })
    .from(interactions)
    .where(and(eq(interactions.queueId, queueId), isNotNull(interactions.acceptedAt), gte(interactions.acceptedAt, now - HISTORY_MS)))
    .orderBy(desc(interactions.acceptedAt))
    .limit(HISTORY_COUNT)
    .all();
  const waits = rows.flatMap((r) =>
    r.queuedAt !== null && r.acceptedAt !== null && r.acceptedAt >= r.queuedAt ? [r.acceptedAt - r.queuedAt] : [],
  );
  return waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null;
}

/**
 * How many of the department's agents could take a chat now: signed in, Ready (or Busy with room), chat not
 * paused. An agent ringing for a chat still counts, as they are about to take one.
 */
export function agentsAvailable(db: Db, queueId: string): number {
  const pool = loadAgentPool(db, { queueIds: [queueId], agentIds: [], dayStart: null });
  const maxOpen = getSettings(db).maxOpenInteractions;
  return [...pool.values()].filter((a) => a.queues.has(queueId) && canTake({ ...a, ringing: false }, "chat", false, maxOpen)).length;
}

/**
 * Each waiting visitor's standing in one department. The estimate is the recent average wait for every round of
 * answers ahead of them (the agents available answer that many at a time); with nobody available, they are told
 * that everyone is busy rather than a wait that would not be true.
 */
export function standings(db: Db, queueId: string, now: number): Map<string, QueueStanding> {
  const line = waitingLine(db, queueId);
  const out = new Map<string, QueueStanding>();
  if (line.length === 0) return out;
  const available = agentsAvailable(db, queueId);
  const avg = available ? averageWaitMs(db, queueId, now) : null;
  line.forEach((entry, n) => {
    const position = n + 1;
    const rounds = Math.ceil(position / Math.max(1, available));
    const estimateS = avg === null ? null : Math.ceil((avg * rounds) / 1000);
    out.set(entry.conversationId, { position, waiting: line.length, estimateS, busy: available === 0 });
  });
  return out;
}
