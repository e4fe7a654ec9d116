import { and, asc, desc, eq, gte, isNotNull } from "drizzle-orm";
import { conversations } from "../chat/index.ts";
import type { Db } from "../db/index.ts";
import { interactions } from "../routing/index.ts";

/** Where a waiting visitor stands: 1 = next; the estimate is null until the department has a recent history. */
export type QueueStanding = { position: number; waiting: number; estimateS: number | null };

/** How far back and how many accepted chats the wait estimate looks at. */
const HISTORY_MS = 24 * 3600_000;
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

/** Each waiting visitor's standing in one department: the recent average wait times their position. */
export function standings(db: Db, queueId: string, now: number): Map<string, QueueStanding> {
  const line = waitingLine(db, queueId);
  const avg = averageWaitMs(db, queueId, now);
  const out = new Map<string, QueueStanding>();
  line.forEach((entry, n) => {
    const position = n + 1;
    out.set(entry.conversationId, { position, waiting: line.length, estimateS: avg === null ? null : Math.ceil((avg * position) / 1000) });
  });
  return out;
}
