/**
 * FEATURES Q6 on a really full disk: the appliance runs with its data folder on a small tmpfs mounted in a
 * private mount namespace, and the disk is filled to the last byte. Mounting needs root (CI runs as root);
 * elsewhere the test is skipped and says why.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashPassword } from "../src/auth/index.ts";
import { migrate, openDb } from "../src/db/index.ts";
import { saveSettings } from "../src/settings/index.ts";
import { DISK_FULL_MESSAGE } from "../src/shared/index.ts";
import { freePort, REPO, run, type Running, start, waitUntil } from "./process-helpers.ts";
import { insertQueue, insertUser } from "./support/fixtures.ts";
import { WebSession } from "./web-session.ts";

const PASSWORD = "correct horse battery staple";
const SITE = "https://shop.example";

/** Null when a tmpfs can be mounted in a private mount namespace here, else why not. */
function mountProblem(): string | null {
  if (process.platform !== "linux") return "mount namespaces are Linux only";
  const dir = mkdtempSync(join(tmpdir(), "sb-mount-probe-"));
  try {
    const r = Bun.spawnSync(["unshare", "-m", "sh", "-c", 'mount -t tmpfs -o size=1m tmpfs "$1"', "sh", dir], { stderr: "pipe" });
    if (r.exitCode === 0) return null;
    return `cannot mount a tmpfs in a private mount namespace (${r.stderr.toString().trim() || `exit ${r.exitCode}`}); run as root`;
  } catch (err) {
    return `unshare is not available (${(err as Error).message})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const skip = mountProblem();
if (skip) console.warn(`tests/disk-full.test.ts skipped: ${skip}`);

const seed = mkdtempSync(join(tmpdir(), "sb-diskfull-seed-"));
const mount = mkdtempSync(join(tmpdir(), "sb-diskfull-"));
let app: Running | null = null;
let url = "";
/** A path in the appliance's data folder, as seen from outside its mount namespace. */
const inside = (name: string) => `/proc/${app?.proc.pid}/root${mount}/${name}`;

beforeAll(async () => {
  if (skip) return;
  const db = openDb(join(seed, "switchboard.db"));
  migrate(db);
  const hash = await hashPassword(PASSWORD);
  insertUser(db, { username: "boss", fullName: "The Boss", role: "admin", passwordHash: hash });
  const ann = insertUser(db, { username: "ann", fullName: "Ann Agent", passwordHash: hash });
  insertQueue(db, { name: "Sales", members: [ann] });
  saveSettings(db, { widgetOrigins: [SITE] }, Date.now());
  db.$client.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.$client.close();

  const port = freePort();
  url = `http://127.0.0.1:${port}`;
  const serve = ["bun", "src/main.ts", "serve", "--data-dir", `${mount}/data`, "--tls", "off", "--http-host", "127.0.0.1"];
  const flags = ["--http-port", String(port), "--sip-port", "0", "--min-free-disk-mb", "1", "--log-level", "warn"];
  const script = 'mount -t tmpfs -o size=16m tmpfs "$1" && cp -a "$2" "$1/data" && shift 2 && exec "$@"';
  app = start(["unshare", "-m", "sh", "-c", script, "sh", mount, seed, ...serve, ...flags]);
  const healthy = async () => ((await fetch(`${url}/healthz`).catch(() => null))?.status === 200 ? true : undefined);
  await waitUntil("/healthz", healthy, 20_000, app.output);
});

afterAll(async () => {
  await app?.stop();
  rmSync(seed, { recursive: true, force: true });
  rmSync(mount, { recursive: true, force: true });
});

/**
 * Moves the database's write-ahead log into the file and empties it, so every later write must grow it. Run
 * inside the appliance's mount namespace: SQLite resolves the /proc/PID/root link to a path outside it.
 */
async function emptyWal() {
  const code =
    'const db = new (require("bun:sqlite").Database)(process.argv[1]); try { db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); } catch {}';
  const r = await run(["nsenter", "-t", String(app?.proc.pid), "-m", "bun", "-e", code, `${mount}/data/switchboard.db`]);
  if (r.code !== 0) throw new Error(`checkpoint failed: ${r.stderr}`);
}

/** Writes a file until the disk refuses another byte. */
function fillDisk(name: string) {
  const fd = openSync(inside(name), "a");
  try {
    for (const chunk of [1024 * 1024, 4096, 1]) {
      const bytes = Buffer.alloc(chunk);
      try {
        for (;;) writeSync(fd, bytes);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
}

const widget = (path: string, body: unknown, token?: string) =>
  fetch(`${url}/widget/api${path}`, {
    method: "POST",
    headers: { origin: SITE, "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

test.skipIf(skip !== null)(
  "on a full disk visitors and agents are told the disk is full (503), /healthz and doctor say so, admins see a banner, and it recovers",
  async () => {
    const ann = new WebSession(url);
    await ann.signIn("ann", PASSWORD);
    await (await ann.get("/console")).text(); // signs Ann in to Sales: the department opens
    const boss = new WebSession(url);
    await boss.signIn("boss", PASSWORD);
    const started = await widget("/conversations", { name: "Vera Visitor", email: "vera@home.test", department: await salesId() });
    expect(started.status).toBe(201);
    const { conversationId, token } = (await started.json()) as { conversationId: string; token: string };

    await emptyWal();
    fillDisk("filler-1");
    // On a full disk the copy into the database file may fail; what it freed is filled again.
    await emptyWal();
    fillDisk("filler-2");

    const message = await widget(`/conversations/${conversationId}/messages`, { body: "Are you there?" }, token);
    expect(message.status).toBe(503);
    expect(((await message.json()) as { error: string }).error).toBe(DISK_FULL_MESSAGE);
    const newChat = await widget("/conversations", { name: "Walt Visitor", email: "walt@home.test", department: await salesId() });
    expect(newChat.status).toBe(503);

    const again = new WebSession(url);
    await (await again.get("/login")).text();
    const signIn = await again.post("/login", { username: "ann", password: PASSWORD });
    expect(signIn.status).toBe(503);
    expect(await signIn.text()).toBe(DISK_FULL_MESSAGE);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: string }).error).toMatch(/^the disk is full: writes failed/);
    expect(await (await boss.get("/admin/agents")).text()).toContain("The server&#39;s disk needs attention:");
    expect(app?.output()).toContain('"msg":"disk full: writes fail; free space in the data folder"');

    const doctor = await run(
      ["nsenter", "-t", String(app?.proc.pid), "-m", `--wd=${REPO}`, "bun", "src/main.ts", "doctor", "--data-dir", `${mount}/data`],
      {
        cwd: REPO,
        timeoutMs: 30_000,
      },
    );
    expect(doctor.stdout + doctor.stderr).toMatch(/FAIL {2}data folder: .* the disk is full, nothing can be written/);

    rmSync(inside("filler-1"));
    rmSync(inside("filler-2"));
    expect((await widget(`/conversations/${conversationId}/messages`, { body: "Are you there?" }, token)).status).toBe(201);
  },
  60_000,
);

async function salesId(): Promise<string> {
  const res = await fetch(`${url}/widget/api/departments`, { headers: { origin: SITE } });
  const { departments } = (await res.json()) as { departments: { id: string; name: string }[] };
  return departments.find((d) => d.name === "Sales")?.id ?? "";
}
