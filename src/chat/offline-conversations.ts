import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "../db/index.ts";
import { randomToken, sha256Hex } from "../shared/index.ts";
import type { Conversation } from "./conversation.ts";
import { conversations } from "./conversation-schema.ts";

export type OfflineVisitor = { name: string; email: string; queueId: string | null };

/** Stores an offline message's conversation (W9), already over, in the caller's transaction. */
export function storeOfflineConversation(tx: Tx, id: string, visitor: OfflineVisitor, now: number): void {
  tx.insert(conversations)
    .values({
      id,
      tokenHash: sha256Hex(randomToken()),
      visitorName: visitor.name,
      visitorEmail: visitor.email,
      queueId: visitor.queueId,
      status: "offline",
      createdAt: now,
      endedAt: now,
    })
    .run();
}

/** Ties a conversation to the interaction that carries it (an offline message queued as an email follow-up). */
export function linkConversation(tx: Tx, id: string, interactionId: string): Conversation {
  return tx.update(conversations).set({ interactionId }).where(eq(conversations.id, id)).returning().get();
}

/** A conversation as the caller's transaction sees it. */
export function conversationInTx(tx: Tx, id: string): Conversation {
  return tx.select().from(conversations).where(eq(conversations.id, id)).get() as Conversation;
}

/** The latest offline messages, newest first (for a follow-up list). */
export function listOfflineConversations(db: Db, limit: number): Conversation[] {
  return db
    .select()
    .from(conversations)
    .where(eq(conversations.status, "offline"))
    .orderBy(desc(conversations.createdAt))
    .limit(limit)
    .all();
}
