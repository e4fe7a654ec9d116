import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Append-only reporting log (FEATURES R3, S4): agent state changes, queue outcomes
 * (accepted, timeout, abandoned, transferred; one row per queue visited) and interaction ends.
 */
export const reportEvents = sqliteTable(
  "report_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    type: text("type").notNull(),
    interactionId: text("interaction_id"),
    agentId: text("agent_id"),
    queueId: text("queue_id"),
    /** JSON object: e.g. { reason, waitedMs } for queue outcomes, { from, to, reason } for states. */
    data: text("data").notNull().default("{}"),
  },
  (t) => [
    index("report_events_at_idx").on(t.at),
    index("report_events_type_idx").on(t.type, t.at),
    // Reports follow one interaction's events (talk and handle time) and one agent's (state before a range, wrap-up end).
    index("report_events_interaction_idx").on(t.interactionId),
    index("report_events_agent_idx").on(t.agentId, t.type, t.at),
  ],
);
