import { and, count, desc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { FormReader, NotFound } from "../shared/index.ts";
import { findColleague } from "./colleagues-scope.ts";
import { internalMessages } from "./schema.ts";
import type { ChatBus } from "./events.ts";

export type InternalMessage = typeof internalMessages.$inferSelect;

export const INTERNAL_BODY_MAX = 2000;
/** How many messages a conversation shows. */
export const CONVERSATION_SIZE = 50;

/** Reads the send form: a message of 1 to 2000 characters; throws ValidationError otherwise. */
export function readInternalForm(body: Record<string, unknown>): string {
  const form = new FormReader(body);
  const text = form.text("body", { label: "Message", required: true, max: INTERNAL_BODY_MAX });
  form.done("The message was not sent.");
  return text;
}

/** Fails with NotFound unless peerId is a colleague of userId (an unknown user looks the same). */
export function requireColleague(db: Db, userId: string, peerId: string): { id: string; fullName: string } {
  const peer = findColleague(db, userId, peerId);
  if (!peer) throw new NotFound("There is no colleague of yours with this address.");
  return peer;
}

/**
 * Stores a message to a colleague, then publishes `internal_message.created`.
 * The insert is committed when this returns, so a 2xx after it means the message is on disk.
 */
export function sendInternal(db: Db, bus: ChatBus, msg: { fromId: string; toId: string; body: string; now: number }): InternalMessage {
  requireColleague(db, msg.fromId, msg.toId);
  // Time-ordered ids keep messages of the same millisecond in the order they were sent.
  const row: InternalMessage = {
    id: Bun.randomUUIDv7(),
    fromId: msg.fromId,
    toId: msg.toId,
    body: msg.body,
    createdAt: msg.now,
    readAt: null,
  };
  db.insert(internalMessages).values(row).run();
  bus.publish("internal_message.created", { ...row });
  return row;
}

/** The last messages between two people, oldest first. */
export function conversation(db: Db, userId: string, peerId: string, limit = CONVERSATION_SIZE): InternalMessage[] {
  const m = internalMessages;
  return db
    .select()
    .from(m)
    .where(or(and(eq(m.fromId, userId), eq(m.toId, peerId)), and(eq(m.fromId, peerId), eq(m.toId, userId))))
    .orderBy(desc(m.createdAt), desc(m.id))
    .limit(limit)
    .all()
    .reverse();
}

/**
 * Marks every message from peerId to userId as read; publishes `internal_message.read` when any was unread.
 * Returns how many were marked.
 */
export function markRead(db: Db, bus: ChatBus, userId: string, peerId: string, now: number): number {
  const m = internalMessages;
  const marked = db
    .update(m)
    .set({ readAt: now })
    .where(and(eq(m.toId, userId), eq(m.fromId, peerId), isNull(m.readAt)))
    .returning({ id: m.id })
    .all();
  if (marked.length) bus.publish("internal_message.read", { readerId: userId, peerId, count: marked.length, at: now });
  return marked.length;
}

/** Unread messages to userId, per sender id. */
export function unreadCounts(db: Db, userId: string): Record<string, number> {
  const m = internalMessages;
  const rows = db
    .select({ fromId: m.fromId, n: count() })
    .from(m)
    .where(and(eq(m.toId, userId), isNull(m.readAt)))
    .groupBy(m.fromId)
    .all();
  return Object.fromEntries(rows.map((r) => [r.fromId, r.n]));
}
