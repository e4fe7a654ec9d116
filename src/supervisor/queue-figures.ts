import { and, count, eq, gte, inArray, isNotNull, isNull, like, min, or, sql } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { pausedChannels } from "../presence/index.ts";
import { agentPresence, interactions, queueMembers, queues } from "./read-model.ts";
import { type Channel, startOfDay } from "../routing/index.ts";

/** Service level: the share of today's queue work accepted within this many milliseconds. */
export const SERVICE_LEVEL_MS = 20_000;

/** One department as the supervisor sees it (FEATURES S1). */
export type QueueRow = {
  id: string;
  name: string;
  channel: Channel;
  waiting: number;
  /** When the longest-waiting interaction entered the queue; null when nobody waits. */
  oldestQueuedAt: number | null;
  /** Interactions that left the queue today, answered or not. */
  handledToday: number;
  /** Percentage of handledToday accepted within SERVICE_LEVEL_MS; null before the first one today. */
  serviceLevel: number | null;
  readyAgents: number;
};

/** The figures of these queues at `now`, in four queries whatever their number. */
export function loadQueueRows(db: Db, queueIds: string[], now: number): Map<string, QueueRow> {
  const out = new Map<string, QueueRow>();
  if (queueIds.length === 0) return out;
  const waiting = new Map(waitingIn(db, queueIds).map((w) => [w.queueId, w]));
  const today = new Map(outcomesToday(db, queueIds, startOfDay(now)).map((o) => [o.queueId, o]));
  const ready = readyIn(db, queueIds);
  for (const q of db.select().from(queues).where(inArray(queues.id, queueIds)).all()) {
    const w = waiting.get(q.id);
    const o = today.get(q.id);
    const handled = o?.handled ?? 0;
    out.set(q.id, {
      id: q.id,
      name: q.name,
      channel: q.channel,
      waiting: w?.n ?? 0,
      oldestQueuedAt: w?.oldest ?? null,
      handledToday: handled,
      serviceLevel: handled ? Math.round((100 * (o?.fast ?? 0)) / handled) : null,
      readyAgents: ready.filter((r) => r.queueId === q.id && !r.paused.includes(q.channel)).length,
    });
  }
  return out;
}

function waitingIn(db: Db, queueIds: string[]) {
  return db
    .select({ queueId: interactions.queueId, n: count(), oldest: min(interactions.queuedAt) })
    .from(interactions)
    .where(and(eq(interactions.status, "queued"), inArray(interactions.queueId, queueIds)))
    .groupBy(interactions.queueId)
    .all();
}

/**
 * Today's queue outcomes from the interactions themselves: accepted ones (fast when within the service level)
 * and ones that ended unanswered (abandoned, or sent to an overflow announcement, voicemail or hang-up).
 * An interaction that overflowed on to another queue counts in the queue that finally took it.
 */
function outcomesToday(db: Db, queueIds: string[], dayStart: number) {
  const accepted = and(isNotNull(interactions.acceptedAt), gte(interactions.acceptedAt, dayStart));
  const unanswered = and(
    isNull(interactions.acceptedAt),
    gte(interactions.endedAt, dayStart),
    or(eq(interactions.endReason, "abandoned"), like(interactions.endReason, "overflow-%")),
  );
  const fast = sql<number>`coalesce(sum(case when ${interactions.acceptedAt} - ${interactions.queuedAt} <= ${SERVICE_LEVEL_MS} then 1 else 0 end), 0)`;
  return db
    .select({ queueId: interactions.queueId, handled: count(), fast })
    .from(interactions)
    .where(and(inArray(interactions.queueId, queueIds), isNotNull(interactions.queuedAt), or(accepted, unanswered)))
    .groupBy(interactions.queueId)
    .all();
}

function readyIn(db: Db, queueIds: string[]) {
  return db
    .select({ queueId: queueMembers.queueId, p: agentPresence })
    .from(queueMembers)
    .innerJoin(agentPresence, eq(agentPresence.userId, queueMembers.userId))
    .where(and(inArray(queueMembers.queueId, queueIds), eq(agentPresence.state, "ready")))
    .all()
    .map((r) => ({ queueId: r.queueId, paused: pausedChannels(r.p) }));
}
