import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema.ts";
import { conversations } from "../chat/conversation-schema.ts";
import { queues } from "../routing/schema.ts";

export const INVITE_KINDS = ["chat", "audio", "video"] as const;
export type InviteKind = (typeof INVITE_KINDS)[number];

/**
 * A link an agent mailed to a customer (FEATURES W7). The link's token is a random secret; only its SHA-256
 * is kept. It works once (`used_at`) and until `expires_at`; the chat it started is `conversation_id`.
 */
export const widgetInvites = sqliteTable(
  "widget_invites",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    agentId: text("agent_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    queueId: text("queue_id").references(() => queues.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    email: text("email").notNull(),
    kind: text("kind", { enum: INVITE_KINDS }).notNull(),
    /** Start with the microphone off (kept for audio and video sessions). */
    muted: integer("muted", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    conversationId: text("conversation_id").references(() => conversations.id, { onDelete: "set null" }),
  },
  (t) => [index("widget_invites_agent_idx").on(t.agentId, t.createdAt)],
);
