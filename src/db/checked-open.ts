import { Database } from "bun:sqlite";
import { closeSync, existsSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { AppError } from "../shared/index.ts";
import { type Db, openDb } from "./client.ts";
import { migrate } from "./migrate.ts";

/** A database that must not be served: missing or empty where one existed, or failing its integrity check. */
export class DamagedDatabase extends AppError {}

/** Written beside the database once it holds the schema: from then on a missing or empty file is refused. */
export const markerOf = (file: string) => join(dirname(file), "switchboard.initialised");

/**
 * Up to this size (database and WAL together) the check at start reads every page (`PRAGMA quick_check`, about
 * 2 s for 660 MB on the reference box); above it only the schema, migrations, settings and accounts are checked,
 * so that a big database does not hold the start for minutes. `switchboard doctor` always checks every page.
 */
export const FULL_CHECK_MAX_BYTES = 1024 ** 3;
const KEY_TABLES = ["sqlite_schema", "schema_migrations", "settings", "users"];

export type CheckedDb = { db: Db; applied: string[]; checked: "every page" | "key tables" };

/**
 * Opens the appliance's database only when it is sound: refuses a missing or empty file where a database
 * existed, a replaced file with the previous one's WAL beside it, and one that fails SQLite's integrity check;
 * then migrates it and marks the data folder as initialised (`syncEachCommit` for one-off commands). The check runs on a read-only connection, so a
 * refused database is left exactly as it was found (no checkpoint writes a foreign WAL into it).
 */
export function openCheckedDb(file: string, opts: { fullCheckMaxBytes?: number; syncEachCommit?: boolean } = {}): CheckedDb {
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  const marker = markerOf(file);
  if (size === undefined && existsSync(marker)) refuse(file, `is missing, but this data folder held a database (${marker} exists)`);
  if (size === 0 && existsSync(marker)) refuse(file, "is empty (0 bytes)");
  let checked: CheckedDb["checked"] = "every page";
  if (size) {
    const walSize = statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
    if (walSize > 0 && !inWalMode(file))
      refuse(file, `was put in place while ${basename(file)}-wal of the database it replaced was left beside it`);
    checked = size + walSize <= (opts.fullCheckMaxBytes ?? FULL_CHECK_MAX_BYTES) ? "every page" : "key tables";
    const problem = integrityProblem(file, checked === "every page");
    if (problem) refuse(file, `fails SQLite's integrity check: ${problem}`);
  }
  const db = openDb(file);
  // A command prints its success only after its commits are on disk; the appliance syncs per answer (whenDurable).
  if (opts.syncEachCommit) db.$client.exec("PRAGMA synchronous = FULL");
  try {
    const applied = migrate(db);
    if (!existsSync(marker)) writeFileSync(marker, `Switchboard database ${basename(file)} created; ${new Date().toISOString()}\n`);
    return { db, applied, checked };
  } catch (err) {
    db.$client.close();
    throw err;
  }
}

function refuse(file: string, what: string): never {
  throw new DamagedDatabase(
    `the database ${file} ${what}; it was left as it is. Restore a backup with \`switchboard restore FILE\` ` +
      `(README, Operations). To start anew with an empty database instead, move ${basename(file)}* and ` +
      `${basename(markerOf(file))} out of the data folder.`,
  );
}

/** Bytes 18 and 19 of the header are 2 in WAL mode; 1 means a rollback-journal file, which never reads a -wal. */
function inWalMode(file: string): boolean {
  const header = Buffer.alloc(20);
  const fd = openSync(file, "r");
  try {
    readSync(fd, header, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  return header[18] === 2 && header[19] === 2;
}

/** SQLite's own check on a read-only connection: null when sound, else its first findings. */
export function integrityProblem(file: string, everyPage: boolean, pragma = "quick_check"): string | null {
  let sqlite: Database | null = null;
  try {
    sqlite = new Database(file, { readonly: true });
    sqlite.exec("PRAGMA busy_timeout = 5000");
    const tables = everyPage ? [null] : KEY_TABLES.filter((t) => t === "sqlite_schema" || hasTable(sqlite as Database, t));
    for (const table of tables) {
      const rows = sqlite.query(`PRAGMA ${pragma}${table ? `(${table})` : "(10)"}`).values();
      const findings = rows.map((r) => String(r[0])).join("; ");
      if (findings !== "ok") return findings.length > 300 ? `${findings.slice(0, 300)}…` : findings;
    }
    return null;
  } catch (err) {
    return (err as Error).message;
  } finally {
    sqlite?.close();
  }
}

const hasTable = (sqlite: Database, name: string) =>
  sqlite.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== null;
