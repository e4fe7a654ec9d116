import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema.ts";
import { interactions } from "../routing/interactions-schema.ts";
import { queues } from "../routing/schema.ts";

export const CONVERSATION_STATUSES = ["open", "ended", "offline"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const SENDER_KINDS = ["visitor", "agent", "system"] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];

/**
 * A web chat between a website visitor and the center (FEATURES W1–W3, W8, W9). The visitor is known only
 * by a server-issued token, of which only the SHA-256 is kept. Offline messages (W9) are conversations too.
 */
export const conversations = sqliteTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    interactionId: text("interaction_id").references(() => interactions.id, { onDelete: "set null" }),
    tokenHash: text("token_hash").notNull().unique(),
    visitorName: text("visitor_name").notNull(),
    visitorEmail: text("visitor_email").notNull().default(""),
    queueId: text("queue_id").references(() => queues.id, { onDelete: "set null" }),
    /** JSON object of the context fields the host page passed (account number, position…). */
    context: text("context").notNull().default("{}"),
    status: text("status", { enum: CONVERSATION_STATUSES }).notNull(),
    /** The alias of the agent handling it, as the visitor sees it (never the real name). */
    agentAlias: text("agent_alias"),
    /** The last message sequence number used; messages are numbered 1, 2, 3… per conversation. */
    lastSeq: integer("last_seq").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    endedAt: integer("ended_at"),
    rating: integer("rating"),
    comment: text("comment"),
    ratedAt: integer("rated_at"),
  },
  (t) => [index("conversations_interaction_idx").on(t.interactionId), index("conversations_status_idx").on(t.status, t.createdAt)],
);

/** Files sent in a chat, kept in the database so a backup holds them (type checked by content). */
export const chatAttachments = sqliteTable(
  "chat_attachments",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    mime: text("mime").notNull(),
    size: integer("size").notNull(),
    data: blob("data", { mode: "buffer" }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("chat_attachments_conversation_idx").on(t.conversationId)],
);

/** One message; a client message id makes a retried send after a lost response a no-op. */
export const chatMessages = sqliteTable(
  "chat_messages",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id")
      .notNull()
      .references(() => conversations.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    senderKind: text("sender_kind", { enum: SENDER_KINDS }).notNull(),
    senderId: text("sender_id").references(() => users.id, { onDelete: "set null" }),
    agentAlias: text("agent_alias"),
    body: text("body").notNull().default(""),
    attachmentId: text("attachment_id").references(() => chatAttachments.id, { onDelete: "set null" }),
    clientId: text("client_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("chat_messages_seq_idx").on(t.conversationId, t.seq),
    uniqueIndex("chat_messages_client_idx").on(t.conversationId, t.clientId),
  ],
);
