/**
 * FEATURES Q3: a backup (or any other process reading the database) must not make a live write fail. Chat
 * sends wait for a write lock held elsewhere instead of answering 500 "database is locked".
 */
import { afterAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backupDuringFlood, seedOneConversation, sendVisitorMessage } from "../bench/backup-flood.ts";
import { cleanEnv, freePort, loopbackServeArgs, start, waitUntil } from "./process-helpers.ts";

const root = mkdtempSync(join(tmpdir(), "sb-backup-load-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("writes while another process uses the database", () => {
  test("a chat message sent while another process holds the write lock waits for it and is stored", async () => {
    const dataDir = join(root, "lock");
    const session = seedOneConversation(dataDir);
    const port = freePort();
    const app = start(["bun", "src/main.ts", ...loopbackServeArgs(dataDir, port)], { env: cleanEnv() });
    const base = `http://127.0.0.1:${port}`;
    const other = new Database(join(dataDir, "switchboard.db"));
    try {
      const health = async () => ((await fetch(`${base}/healthz`).catch(() => null))?.status === 200 ? true : undefined);
      await waitUntil("/healthz", health, 20_000, app.output);
      other.exec("BEGIN IMMEDIATE");
      const sent = sendVisitorMessage(base, session, "m1", "Hello, is anyone there?");
      // The lock is held for a while, as a backup or an administrator's sqlite3 shell would; then released.
      await Bun.sleep(500);
      other.exec("COMMIT");
      const res = await sent;
      expect([res.status, (JSON.parse(res.body) as { message?: { body: string } }).message?.body]).toEqual([
        201,
        "Hello, is anyone there?",
      ]);
    } finally {
      other.close();
      await app.stop();
    }
    const db = new Database(join(dataDir, "switchboard.db"), { readonly: true });
    expect(db.query("SELECT body FROM chat_messages WHERE client_id = 'm1'").all()).toEqual([{ body: "Hello, is anyone there?" }]);
    db.close();
  }, 40_000);

  test("backups during a chat flood: every send is acknowledged and stored, every backup written", async () => {
    const r = await backupDuringFlood({ command: ["bun", "src/main.ts"], rate: 100, seconds: 10, backups: 4 });
    expect({ serverErrors: r.serverErrors, samples: r.errorSamples, appErrors: r.appErrors }).toEqual({
      serverErrors: 0,
      samples: [],
      appErrors: [],
    });
    expect(r.acknowledged).toBe(r.sent);
    expect(r.backupsWritten).toBe(4);
    expect(r.lost).toBe(0);
  }, 90_000);
});
