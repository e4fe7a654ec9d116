import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Center-wide settings (FEATURES A6, A8), one JSON value per key. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
