import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const MAIL_STATUSES = ["pending", "sent", "failed"] as const;

/** Outgoing mail is written here first, then delivered and retried by the mail worker: nothing is lost silently. */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    status: text("status", { enum: MAIL_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("mail_status_idx").on(t.status, t.nextAttemptAt)],
);
