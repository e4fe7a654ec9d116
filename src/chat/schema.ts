import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema.ts";

/** Internal chat between agents and supervisors (FEATURES C10). */
export const internalMessages = sqliteTable(
  "internal_messages",
  {
    id: text("id").primaryKey(),
    fromId: text("from_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    toId: text("to_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    readAt: integer("read_at"),
  },
  (t) => [index("internal_to_idx").on(t.toId, t.readAt), index("internal_pair_idx").on(t.fromId, t.toId, t.createdAt)],
);
