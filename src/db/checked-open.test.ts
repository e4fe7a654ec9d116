import { afterAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DamagedDatabase, openCheckedDb } from "./checked-open.ts";

const root = mkdtempSync(join(tmpdir(), "sb-checked-open-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A migrated database whose last pages (a bulk table made last) are overwritten: damage away from the key tables. */
function databaseDamagedAtTheEnd(name: string): string {
  const file = join(root, name, "switchboard.db");
  openCheckedDb(file).db.$client.close();
  const sqlite = new Database(file);
  sqlite.exec("CREATE TABLE bulk (body TEXT)");
  const insert = sqlite.prepare("INSERT INTO bulk (body) VALUES (?)");
  sqlite.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`row ${i} ${"x".repeat(400)}`);
  })();
  sqlite.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite.close();
  const size = statSync(file).size;
  const fd = openSync(file, "r+");
  writeSync(fd, Buffer.alloc(3 * 4096, 0x5a), 0, 3 * 4096, size - 3 * 4096);
  closeSync(fd);
  return file;
}

describe("the database check at start", () => {
  test("reads every page up to the size bound and refuses damage anywhere", () => {
    const file = databaseDamagedAtTheEnd("small");
    expect(() => openCheckedDb(file)).toThrow(DamagedDatabase);
    expect(() => openCheckedDb(file)).toThrow(/fails SQLite's integrity check/);
  });

  test("above the bound it checks the key tables only, so a big database starts in bounded time", () => {
    const file = databaseDamagedAtTheEnd("big");
    const { db, checked } = openCheckedDb(file, { fullCheckMaxBytes: 64 * 1024 });
    db.$client.close();
    expect(checked).toBe("key tables");
  });
});
