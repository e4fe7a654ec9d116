import { and, desc, eq, gte, inArray, lt, ne, or, type SQL, sql } from "drizzle-orm";
import { type Db, preparedQuery, type Tx } from "../db/index.ts";
import { NotFound } from "../shared/index.ts";
import { type InteractionStatus, interactions, offers } from "./interactions-schema.ts";
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

/** The interactions of a channel still queued or active (at start: calls a stopped process left behind). */
export function unfinishedInteractions(db: Db, channel: Channel): { id: string; status: InteractionStatus }[] {
  return db
    .select({ id: interactions.id, status: interactions.status })
    .from(interactions)
    .where(and(eq(interactions.channel, channel), inArray(interactions.status, ["queued", "active"])))
    .all();
}

// Read for every console page: built once (see preparedQuery).
const lastCalls = preparedQuery((db) =>
  db
    .select()
    .from(interactions)
    .where(and(eq(interactions.agentId, sql.placeholder("agentId")), eq(interactions.channel, "voice"), ne(interactions.status, "active")))
    .orderBy(desc(interactions.createdAt))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

/** An agent's last calls that are over, newest first. */
export function lastCallsOf(db: Db, agentId: string, limit: number): InteractionRow[] {
  return lastCalls(db).all({ agentId, limit });
}

// Read on every chat message: built once (see preparedQuery).
const progressOf = preparedQuery((db) =>
  db
    .select({ status: interactions.status, acceptedAt: interactions.acceptedAt })
    .from(interactions)
    .where(eq(interactions.id, sql.placeholder("id")))
    .prepare(),
);

/** Where an interaction stands: its status and when an agent accepted it; undefined for an unknown id. */
export function interactionProgress(db: Db | Tx, id: string): { status: InteractionStatus; acceptedAt: number | null } | undefined {
  return progressOf(db).get({ id });
}

/** The agents who were offered an interaction, whatever became of the offer. */
export function offeredAgents(db: Db, interactionId: string): string[] {
  return db
    .selectDistinct({ agentId: offers.agentId })
    .from(offers)
    .where(eq(offers.interactionId, interactionId))
    .all()
    .map((r) => r.agentId);
}
