import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Append-only record of every admin and supervisor change (FEATURES A9). */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorId: text("actor_id"),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    /** JSON object describing what changed. */
    detail: text("detail").notNull().default("{}"),
  },
  (t) => [index("audit_at_idx").on(t.at)],
);
