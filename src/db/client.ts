import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type BunSQLiteDatabase, drizzle } from "drizzle-orm/bun-sqlite";
import * as schema from "./schema.ts";

export type Db = BunSQLiteDatabase<typeof schema> & { $client: Database };

/** Opens (creating if needed) the one SQLite file of the appliance, in WAL mode. */
export function openDb(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, { create: true, strict: true });
  // First, so that switching to WAL waits for another connection (a backup, a seeding script) instead of failing.
  sqlite.exec("PRAGMA busy_timeout = 5000");
  sqlite.exec("PRAGMA journal_mode = WAL");
  // Commits are not synced one by one: whenDurable() syncs the WAL, shared, before a write is acknowledged (decision 017).
  sqlite.exec("PRAGMA synchronous = NORMAL");
  sqlite.exec("PRAGMA foreign_keys = ON");
  cachePreparedStatements(sqlite);
  return drizzle({ client: sqlite, schema }) as Db;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * drizzle prepares every query anew, and SQLite then compiles the same SQL again on each request.
 * Statements are reusable (drizzle binds, runs and reads them synchronously, and never finalizes them),
 * so keep the compiled ones by their SQL text. Bounded: lists of varying length make distinct SQL.
 */
function cachePreparedStatements(sqlite: Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, ReturnType<Database["prepare"]>>();
  sqlite.prepare = ((sql: string, ...rest: unknown[]) => {
    if (rest.length) return (prepare as (...a: unknown[]) => ReturnType<Database["prepare"]>)(sql, ...rest);
    let stmt = cache.get(sql);
    if (!stmt) {
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.clear();
      stmt = prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  }) as Database["prepare"];
  // A statement left unfinalized keeps the connection open after close(): no checkpoint, the WAL stays behind.
  const close = sqlite.close.bind(sqlite);
  sqlite.close = (throwOnError?: boolean) => {
    for (const stmt of cache.values()) stmt.finalize();
    cache.clear();
    close(throwOnError);
  };
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * The only way to write several rows atomically. bun:sqlite transactions are synchronous:
 * the callback must not be async (an async callback would commit before its awaits run).
 * BEGIN IMMEDIATE takes the write lock first, through the busy timeout: a deferred transaction that reads and
 * then writes fails at once with "database is locked" when another process (a backup, a shell) holds the lock
 * at that moment, because SQLite cannot wait inside a read transaction without risking a deadlock.
 */
export function transaction<T>(db: Db, fn: (tx: Tx) => T extends Promise<unknown> ? never : T): T {
  return db.transaction((tx) => fn(tx), { behavior: "immediate" }) as T;
}

/** A consistent online copy of the database (used by `switchboard backup FILE`). */
export function backupTo(db: Db, file: string): void {
  db.$client.prepare("VACUUM INTO ?").run(file);
}
