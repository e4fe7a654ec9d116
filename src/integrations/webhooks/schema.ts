import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** A subscription: events of the chosen kinds are POSTed, signed with its secret, to its URL (FEATURES I3). */
export const webhooks = sqliteTable("webhooks", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  /** The HMAC key; shown once when made, never again. */
  secret: text("secret").notNull(),
  /** JSON array of event names. */
  events: text("events").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** Deliveries given up on since the last one that arrived; at WEBHOOK_AUTO_OFF_AFTER the webhook turns itself off. */
  failedInARow: integer("failed_in_a_row").notNull().default(0),
  /** Why the box turned it off (shown to admins until it is turned on again); null when an admin did or it is on. */
  offReason: text("off_reason"),
  createdBy: text("created_by"),
  createdAt: integer("created_at").notNull(),
});

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "sent", "failed"] as const;

/**
 * The outbox and the delivery log in one: each event for each subscription is written here when it happens,
 * then delivered and retried; the row keeps the last answer.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    /** The exact JSON body sent (and signed). */
    body: text("body").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    /** The receiver's HTTP status at the last attempt (null: no answer). */
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("webhook_delivery_due_idx").on(t.status, t.nextAttemptAt), index("webhook_delivery_hook_idx").on(t.webhookId, t.createdAt)],
);
