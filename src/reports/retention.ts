import { and, exists, inArray, lt, ne, sql } from "drizzle-orm";
import { recordAudit } from "../audit/index.ts";
import { recountStored } from "../chat/index.ts";
import { type Db, transaction } from "../db/index.ts";
import { getSettings, type Retention } from "../settings/index.ts";
import { type Clock, type Logger, startPeriodic, zoneOffset } from "../shared/index.ts";
import { chatAttachments, chatMessages, conversations, reportEvents } from "./read-model.ts";

const DAY = 86_400_000;
/** Rows removed per short transaction: chats and the reporting log keep writing while old data goes. */
export const PURGE_BATCH = 500;
/** The purge looks every hour and runs once a day, from this hour of the center's night. */
const PURGE_HOUR = 3;

export type PurgeCounts = { chats: number; messages: number; files: number; reportRows: number };

/**
 * Removes what is older than the retention settings: the messages and files of chats begun before the
 * transcript limit (the interaction and its rating stay), and reporting-log rows before the report limit.
 * Works in bounded batches and records one audit row with the counts when anything went.
 */
export function purgeExpired(db: Db, retention: Retention, now: number): PurgeCounts {
  const counts: PurgeCounts = { chats: 0, messages: 0, files: 0, reportRows: 0 };
  if (retention.transcriptDays > 0) {
    const before = now - retention.transcriptDays * DAY;
    const hasMessages = exists(
      db.select({ one: sql`1` }).from(chatMessages).where(sql`${chatMessages.conversationId} = ${conversations.id}`),
    );
    for (;;) {
      const ids = db
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(lt(conversations.createdAt, before), ne(conversations.status, "open"), hasMessages))
        .limit(PURGE_BATCH)
        .all()
        .map((r) => r.id);
      if (!ids.length) break;
      transaction(db, (tx) => {
        counts.messages += tx
          .delete(chatMessages)
          .where(inArray(chatMessages.conversationId, ids))
          .returning({ id: chatMessages.id })
          .all().length;
        counts.files += tx
          .delete(chatAttachments)
          .where(inArray(chatAttachments.conversationId, ids))
          .returning({ id: chatAttachments.id })
          .all().length;
      });
      counts.chats += ids.length;
    }
  }
  if (retention.reportDays > 0) {
    const before = now - retention.reportDays * DAY;
    for (;;) {
      const oldest = db.select({ id: reportEvents.id }).from(reportEvents).where(lt(reportEvents.at, before)).limit(PURGE_BATCH);
      const removed = transaction(
        db,
        (tx) => tx.delete(reportEvents).where(inArray(reportEvents.id, oldest)).returning({ id: reportEvents.id }).all().length,
      );
      counts.reportRows += removed;
      if (removed < PURGE_BATCH) break;
    }
  }
  if (counts.files) recountStored(db);
  if (counts.chats || counts.reportRows)
    recordAudit(db, { id: null, name: "Nightly purge" }, "data.purged", { type: "retention" }, { ...counts, retention }, now);
  return counts;
}

/** The day (in the center's zone) whose night purge is due at this instant, or null before the purge hour. */
function dueDay(now: number, zone: string): string | null {
  const wall = new Date(now + zoneOffset(now, zone));
  return wall.getUTCHours() >= PURGE_HOUR ? wall.toISOString().slice(0, 10) : null;
}

/** Purges once a day from 03:00 in the center's zone (or at the first hourly look after it); returns the stop function. */
export function startRetentionPurge(deps: { db: Db; clock: Clock; log: Logger }): () => void {
  let lastDay: string | null = null;
  return startPeriodic(deps, 3600_000, "purging data past its retention", () => {
    const settings = getSettings(deps.db);
    const day = dueDay(deps.clock.now(), settings.timeZone);
    if (!day || day === lastDay) return;
    lastDay = day;
    const counts = purgeExpired(deps.db, settings.retention, deps.clock.now());
    if (counts.chats || counts.reportRows) deps.log.info("data past its retention removed", counts);
  });
}
