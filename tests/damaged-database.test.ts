/**
 * FEATURES Q6 on the compiled executable: a damaged database is never started silently. A copy put in place
 * beside the previous database's WAL (README's old restore steps after a crash), overwritten pages, and an
 * emptied or deleted database are refused with exit status 3 and a message; `switchboard restore FILE` does
 * the restore safely: never under a running appliance, never from a damaged copy, the replaced database kept.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildExecutable,
  cleanEnv,
  freePort,
  loopbackServeArgs,
  type Running,
  run,
  start,
  waitForOutput,
  waitUntil,
} from "./process-helpers.ts";
import { WebSession } from "./web-session.ts";

const root = mkdtempSync(join(tmpdir(), "sb-damaged-"));
const binary = join(root, "switchboard");
const PASSWORD = "Restore-Drill-2026";

beforeAll(() => buildExecutable(binary), 130_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const env = cleanEnv({ PATH: "/usr/bin:/bin", SWITCHBOARD_ADMIN_PASSWORD: PASSWORD });
const command = (args: string[]) => run([binary, ...args], { cwd: root, env, timeoutMs: 30_000 });

async function healthy(url: string): Promise<true | undefined> {
  return (await fetch(`${url}/healthz`).catch(() => null))?.status === 200 ? true : undefined;
}

/** Starts the executable until it serves (then it is returned running) or exits (then its status and output). */
async function serveOrExit(dataDir: string): Promise<{ app: Running; url: string } | { code: number; output: string }> {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = start([binary, ...loopbackServeArgs(dataDir, port)], { cwd: root, env });
  let code: number | null = null;
  void app.proc.exited.then((c) => {
    code = c;
  });
  await waitUntil("the appliance to serve or exit", async () => (code !== null ? true : await healthy(url)), 20_000, app.output);
  if (code !== null) return { code, output: app.output() };
  await waitForOutput(app, /"msg":"serving"/); // signal handlers are in place from then on
  return { app, url };
}

async function serving(dataDir: string): Promise<{ app: Running; url: string }> {
  const started = await serveOrExit(dataDir);
  if ("code" in started) throw new Error(`the appliance exited ${started.code}:\n${started.output}`);
  return started;
}

/** What a refused start looks like; a start that served is reported as "served" (and stopped). */
async function startResult(dataDir: string): Promise<{ code: number; message: string } | "served"> {
  const started = await serveOrExit(dataDir);
  if ("code" in started) return { code: started.code, message: started.output };
  await started.app.stop();
  return "served";
}

async function canSignIn(url: string, username: string): Promise<boolean> {
  try {
    await new WebSession(url).signIn(username, PASSWORD);
    return true;
  } catch {
    return false;
  }
}

let n = 0;
/** A data folder the executable created and served once (admin made from SWITCHBOARD_ADMIN_PASSWORD), stopped cleanly. */
async function initialisedDataDir(): Promise<string> {
  const dataDir = join(root, `data-${++n}`);
  const { app } = await serving(dataDir);
  expect(await app.stop()).toBe(0);
  return dataDir;
}

const db = (dataDir: string) => join(dataDir, "switchboard.db");

describe("a damaged database is refused at start", () => {
  test("after a crash, a backup copied over the database beside the old -wal is refused; `restore` then restores it", async () => {
    const dataDir = await initialisedDataDir();
    const backup = join(root, "drill.db");
    const { app, url } = await serving(dataDir);
    expect((await command(["backup", backup, "--data-dir", dataDir])).code).toBe(0);
    // Work after the backup: a second admin (a command's connection checkpoints as it closes), then sign-ins
    // whose sessions live only in the appliance's WAL when the box crashes.
    expect((await command(["create-admin", "--data-dir", dataDir, "--username", "later"])).code).toBe(0);
    for (let i = 0; i < 3; i++) expect(await canSignIn(url, "admin")).toBe(true);
    app.proc.kill("SIGKILL");
    await app.proc.exited;
    expect(statSync(`${db(dataDir)}-wal`).size).toBeGreaterThan(0);

    copyFileSync(backup, db(dataDir)); // the old README: "put the copy in place as <data-dir>/switchboard.db"
    const refused = await startResult(dataDir);
    expect(refused).toMatchObject({ code: 3 });
    expect(refused !== "served" && refused.message).toContain("switchboard.db-wal of the database it replaced was left beside it");
    expect(refused !== "served" && refused.message).toContain("switchboard restore FILE");

    const restored = await command(["restore", backup, "--data-dir", dataDir]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`restored ${backup} into ${db(dataDir)}`);
    const aside = readdirSync(dataDir).find((f) => f.startsWith("switchboard.db.replaced-") && !f.endsWith("-wal"));
    expect(restored.stdout).toContain(`kept as ${join(dataDir, aside ?? "?")}`);
    expect(existsSync(`${db(dataDir)}-wal`)).toBe(false);

    const after = await serving(dataDir);
    try {
      expect(await canSignIn(after.url, "admin")).toBe(true);
      expect(await canSignIn(after.url, "later")).toBe(false); // made after the backup: not in it
    } finally {
      expect(await after.app.stop()).toBe(0);
    }
  }, 90_000);

  test("a database with overwritten pages is refused with exit status 3, and left as it was", async () => {
    const dataDir = await initialisedDataDir();
    const size = statSync(db(dataDir)).size;
    const pages = size / 4096;
    const fd = openSync(db(dataDir), "r+");
    const garbage = Buffer.alloc(4096 * 3, 0x5a);
    writeSync(fd, garbage, 0, garbage.length, 4096 * Math.floor(pages / 2));
    closeSync(fd);
    const before = readFileSync(db(dataDir));
    const refused = await startResult(dataDir);
    expect(refused).toMatchObject({ code: 3 });
    expect(refused !== "served" && refused.message).toContain("fails SQLite's integrity check");
    expect(readFileSync(db(dataDir)).equals(before)).toBe(true);
    const doctor = await command(["doctor", "--data-dir", dataDir, "--http-port", String(freePort()), "--sip-port", "0"]);
    expect(doctor.stdout).toMatch(/^FAIL +database: .*fails SQLite's integrity check/m);
  }, 60_000);

  test("an emptied or deleted database is refused instead of becoming a new one with a new admin", async () => {
    const dataDir = await initialisedDataDir();
    writeFileSync(db(dataDir), "");
    const emptied = await startResult(dataDir);
    expect(emptied).toMatchObject({ code: 3 });
    expect(emptied !== "served" && emptied.message).toContain("is empty (0 bytes)");
    expect(emptied !== "served" && emptied.message).not.toContain("First run");
    expect(statSync(db(dataDir)).size).toBe(0);

    rmSync(db(dataDir));
    const deleted = await startResult(dataDir);
    expect(deleted).toMatchObject({ code: 3 });
    expect(deleted !== "served" && deleted.message).toContain("is missing, but this data folder held a database");
    expect(existsSync(db(dataDir))).toBe(false);
    expect((await command(["migrate", "--data-dir", dataDir])).code).toBe(3);
  }, 60_000);
});

describe("switchboard restore", () => {
  test("refuses while the appliance serves on the data folder, and refuses a damaged copy without changing anything", async () => {
    const dataDir = await initialisedDataDir();
    const backup = join(root, "good.db");
    const { app } = await serving(dataDir);
    try {
      expect((await command(["backup", backup, "--data-dir", dataDir])).code).toBe(0);
      const busy = await command(["restore", backup, "--data-dir", dataDir]);
      expect([busy.code, busy.stderr]).toEqual([1, expect.stringContaining("another switchboard process is using the data folder")]);
      const second = await startResult(dataDir);
      expect(second).toMatchObject({ code: 1, message: expect.stringContaining("another switchboard process is using the data folder") });
    } finally {
      expect(await app.stop()).toBe(0);
    }

    const damaged = join(root, "damaged.db");
    const bytes = readFileSync(backup);
    bytes.fill(0x5a, 4096 * 2, 4096 * 5);
    writeFileSync(damaged, bytes);
    const live = readFileSync(db(dataDir));
    const refused = await command(["restore", damaged, "--data-dir", dataDir]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`${damaged} fails SQLite's integrity check`);
    expect(readFileSync(db(dataDir)).equals(live)).toBe(true);
    expect(readdirSync(dataDir).filter((f) => f.includes("replaced") || f.includes("restoring"))).toEqual([]);

    const notOurs = join(root, "other.db");
    const other = new Database(notOurs, { create: true });
    other.exec("CREATE TABLE t (x)");
    other.close();
    const foreign = await command(["restore", notOurs, "--data-dir", dataDir]);
    expect([foreign.code, foreign.stderr]).toEqual([1, expect.stringContaining("is not a Switchboard database")]);
  }, 90_000);
});
