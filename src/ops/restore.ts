import { Database } from "bun:sqlite";
import { closeSync, copyFileSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { Config } from "../config.ts";
import { DamagedDatabase, integrityProblem, lockDataDir, markerOf } from "../db/index.ts";
import { NotFound, ValidationError } from "../shared/index.ts";
import { dbPathOf } from "./commands.ts";

/**
 * `switchboard restore FILE`: puts a backup in place of the database, only while no appliance serves on the data
 * folder (it takes the folder's lock for the whole restore). The copy is checked page by page before anything
 * changes; the database it replaces is moved aside with its WAL (so its last commits stay readable), and no stale
 * `-wal`/`-shm` is left beside the restored file to be replayed into it.
 */
export function restoreCommand(config: Config, file: string, print: (line: string) => void, now = new Date()): void {
  const source = resolve(file);
  const size = statSync(source, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new NotFound(`${source} does not exist`);
  if (size === 0) throw new ValidationError(`${source} is empty (0 bytes); it is not a backup`);
  const unlock = lockDataDir(config.dataDir, "restore");
  try {
    const target = dbPathOf(config);
    const staging = `${target}.restoring`;
    removeWithSidecars(staging);
    copyFileSync(source, staging);
    // A copy taken from a database in WAL mode is complete only with its -wal: take it along.
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${staging}-wal`);
    checkCopy(source, staging);
    syncFile(staging); // on disk before it takes the database's name
    const aside = existsSync(target) ? `${target}.replaced-${now.toISOString().replace(/[:.]/g, "-")}` : null;
    if (aside) moveWithWal(target, aside);
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(staging, target);
    if (!existsSync(markerOf(target)))
      writeFileSync(markerOf(target), `Switchboard database restored from ${source}; ${now.toISOString()}\n`);
    print(`restored ${source} into ${target}`);
    if (aside) print(`the database it replaced is kept as ${aside}${existsSync(`${aside}-wal`) ? ` (with ${basename(aside)}-wal)` : ""}`);
  } finally {
    unlock();
  }
}

/** Every page of the copy, and that it is Switchboard's; folds its WAL in, so the staged file stands alone. */
function checkCopy(source: string, staging: string): void {
  const problem = integrityProblem(staging, true, "integrity_check");
  if (problem) {
    removeWithSidecars(staging);
    throw new DamagedDatabase(`${source} fails SQLite's integrity check (${problem}); nothing was changed`);
  }
  const copy = new Database(staging);
  try {
    const known = copy.query("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'").get();
    if (!known)
      throw new ValidationError(`${source} is not a Switchboard database (it has no schema_migrations table); nothing was changed`);
    copy.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (err) {
    copy.close();
    removeWithSidecars(staging);
    throw err;
  }
  copy.close();
  removeWithSidecars(staging, { keepMain: true });
}

function syncFile(file: string): void {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function moveWithWal(from: string, to: string): void {
  renameSync(from, to);
  if (existsSync(`${from}-wal`)) renameSync(`${from}-wal`, `${to}-wal`);
}

function removeWithSidecars(file: string, opts: { keepMain?: boolean } = {}): void {
  if (!opts.keepMain) rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
}
