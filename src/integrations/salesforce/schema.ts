import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const SF_TASK_STATUSES = ["pending", "sent", "failed"] as const;

/**
 * The call and chat logs to write to Salesforce as Tasks (FEATURES I1). Written here in the wrap-up's own
 * step, then delivered and retried: a Salesforce outage never loses the log nor holds up the agent.
 */
export const salesforceTasks = sqliteTable(
  "salesforce_tasks",
  {
    id: text("id").primaryKey(),
    interactionId: text("interaction_id").notNull(),
    agentId: text("agent_id"),
    /** The Contact the agent worked with, when known; else the lookup finds it at delivery. */
    contactId: text("contact_id"),
    lookupField: text("lookup_field").notNull(),
    lookupValue: text("lookup_value").notNull(),
    channel: text("channel").notNull(),
    subject: text("subject").notNull(),
    disposition: text("disposition"),
    notes: text("notes").notNull().default(""),
    durationS: integer("duration_s").notNull().default(0),
    status: text("status", { enum: SF_TASK_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    lastError: text("last_error"),
    taskId: text("task_id"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("sf_task_status_idx").on(t.status, t.nextAttemptAt)],
);

/** Which Contact an agent settled on for an interaction (the only match, their choice, or one they created). */
export const salesforceLinks = sqliteTable("salesforce_links", {
  interactionId: text("interaction_id").primaryKey(),
  contactId: text("contact_id").notNull(),
  linkedAt: integer("linked_at").notNull(),
});
