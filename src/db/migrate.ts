import { migrations as embedded } from "../../migrations/index.ts";
import type { Db } from "./client.ts";

/**
 * Applies embedded migrations not yet applied, each in its own transaction. Idempotent:
 * running it again on a migrated database does nothing.
 */
export function migrate(db: Db, migrations = embedded, now = Date.now()): string[] {
  const sqlite = db.$client;
  sqlite.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
  const done = new Set(
    sqlite
      .query<{ name: string }, []>("SELECT name FROM schema_migrations")
      .all()
      .map((r) => r.name),
  );
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.name)) continue;
    sqlite
      .transaction(() => {
        for (const statement of m.sql.split("--> statement-breakpoint")) {
          if (statement.trim()) sqlite.exec(statement);
        }
        sqlite.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(m.name, now);
      })
      .immediate();
    applied.push(m.name);
  }
  return applied;
}
