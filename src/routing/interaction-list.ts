import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { NotFound } from "../shared/index.ts";
import { type InteractionStatus, interactions } from "./interactions-schema.ts";
import type { Channel } from "./schema.ts";

export type InteractionRow = typeof interactions.$inferSelect;
export type InteractionFilter = {
  status?: InteractionStatus;
  channel?: Channel;
  direction?: InteractionRow["direction"];
  queueId?: string;
  agentId?: string;
  /** Created at or after (ms). */
  since?: number;
  /** Created before (ms). */
  until?: number;
};
/** Where the previous page stopped: newest first, so the next page is older than this. */
export type InteractionCursor = { createdAt: number; id: string };

/** Up to `limit` interactions matching the filter, newest first, after the cursor. */
export function listInteractions(db: Db, f: InteractionFilter, after: InteractionCursor | null, limit: number): InteractionRow[] {
  const i = interactions;
  const conds: (SQL | undefined)[] = [
    f.status && eq(i.status, f.status),
    f.channel && eq(i.channel, f.channel),
    f.direction && eq(i.direction, f.direction),
    f.queueId ? eq(i.queueId, f.queueId) : undefined,
    f.agentId ? eq(i.agentId, f.agentId) : undefined,
    f.since !== undefined ? gte(i.createdAt, f.since) : undefined,
    f.until !== undefined ? lt(i.createdAt, f.until) : undefined,
    after ? or(lt(i.createdAt, after.createdAt), and(eq(i.createdAt, after.createdAt), lt(i.id, after.id))) : undefined,
  ];
  return db
    .select()
    .from(i)
    .where(and(...conds))
    .orderBy(desc(i.createdAt), desc(i.id))
    .limit(limit)
    .all();
}

export function getInteraction(db: Db, id: string): InteractionRow {
  const row = db.select().from(interactions).where(eq(interactions.id, id)).get();
  if (!row) throw new NotFound("No such interaction.");
  return row;
}
