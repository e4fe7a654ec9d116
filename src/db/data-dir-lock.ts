import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Conflict } from "../shared/index.ts";

/**
 * One appliance (or restore) at a time per data folder. The holder keeps an exclusive SQLite lock on
 * `switchboard.lock` for its lifetime; the operating system drops it when the process ends, even on kill -9,
 * so a crash never leaves a stale lock behind (unlike a pid file).
 */
export function lockDataDir(dataDir: string, purpose: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = new Database(join(dataDir, "switchboard.lock"), { create: true });
  try {
    lock.exec("PRAGMA locking_mode = EXCLUSIVE");
    lock.exec("PRAGMA journal_mode = MEMORY"); // no switchboard.lock-journal beside it
    lock.exec("CREATE TABLE IF NOT EXISTS holder (purpose TEXT NOT NULL)");
    lock.exec("BEGIN IMMEDIATE");
    // run(), not prepare(): a statement left unfinalized would keep the file, and its lock, open after close().
    lock.run("DELETE FROM holder");
    lock.run("INSERT INTO holder (purpose) VALUES (?)", [purpose]);
    lock.exec("COMMIT");
  } catch (err) {
    lock.close();
    if ((err as { code?: string }).code?.startsWith("SQLITE_BUSY"))
      throw new Conflict(`another switchboard process is using the data folder ${dataDir} (it holds switchboard.lock); stop it first`);
    throw err;
  }
  return () => lock.close();
}
