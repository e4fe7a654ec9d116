/**
 * FEATURES Q3 against power loss (docs/decisions/017-durability.md): every chat message and admin change the
 * compiled executable acknowledges has been synced to disk (an fdatasync/fsync of the database's WAL) before the
 * answer leaves. Watched with strace on the real process: the sync must fall between the request and its answer.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedOneConversation, sendVisitorMessage } from "../bench/backup-flood.ts";
import { buildExecutable, cleanEnv, freePort, loopbackServeArgs, start, waitForOutput } from "./process-helpers.ts";
import { WebSession } from "./web-session.ts";

const root = mkdtempSync(join(tmpdir(), "sb-durability-"));
const binary = join(root, "switchboard");
const PASSWORD = "Power-Loss-Drill-1";

beforeAll(() => buildExecutable(binary), 130_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Seconds since the epoch to the microsecond, as strace -ttt prints them (Date.now() would round a sync just before the answer out of its window). */
const now = () => (performance.timeOrigin + performance.now()) / 1000;

/**
 * When each sync of the database's WAL finished, in strace -f -ttt -y lines: "PID TIME fdatasync(FD</…/switchboard.db-wal>) = 0",
 * or, when another thread printed in between, "… <unfinished ...>" then "PID TIME <... fdatasync resumed>) = 0".
 */
function walSyncs(trace: string): number[] {
  const done: number[] = [];
  const pending = new Set<string>();
  for (const line of trace.split("\n")) {
    const call = /^(\d+) +(\d+\.\d+) f(?:data)?sync\(\d+<[^>]*switchboard\.db-wal>(\) = 0| <unfinished)/.exec(line);
    if (call?.[3] === ") = 0") done.push(Number(call[2]));
    else if (call) pending.add(call[1] as string);
    const resumed = /^(\d+) +(\d+\.\d+) <\.\.\. f(?:data)?sync resumed>\) = 0/.exec(line);
    if (resumed && pending.delete(resumed[1] as string)) done.push(Number(resumed[2]));
  }
  return done;
}

describe("acknowledged writes survive power loss", () => {
  test("each acknowledged chat message and admin change was synced to the WAL before its answer", async () => {
    const dataDir = join(root, "data");
    const session = seedOneConversation(dataDir);
    const port = freePort();
    const trace = join(root, "trace.txt");
    const app = start([binary, ...loopbackServeArgs(dataDir, port)], {
      cwd: root,
      env: cleanEnv({ PATH: "/usr/bin:/bin", SWITCHBOARD_ADMIN_PASSWORD: PASSWORD }),
    });
    const url = `http://127.0.0.1:${port}`;
    const windows: { what: string; from: number; to: number }[] = [];
    const strace = ["strace", "-f", "-ttt", "-y", "-e", "trace=fsync,fdatasync", "-o", trace, "-p", String(app.proc.pid)];
    const tracer = start(strace);
    try {
      await waitForOutput(app, /"msg":"serving"/, 30_000);
      await waitForOutput(tracer, /attached/);
      for (let n = 1; n <= 5; n++) {
        const from = now();
        expect((await sendVisitorMessage(url, session, `d${n}`)).status).toBe(201);
        windows.push({ what: `chat message ${n}`, from, to: now() });
      }
      const admin = new WebSession(url);
      await admin.signIn("admin", PASSWORD);
      const from = now();
      const created = await admin.post("/admin/teams", { name: "Night shift", description: "" });
      expect(created.status).toBe(303);
      windows.push({ what: "admin change (new team)", from, to: now() });
    } finally {
      expect(await app.stop()).toBe(0);
      await tracer.proc.exited;
    }
    const syncs = walSyncs(readFileSync(trace, "utf8"));
    const unsynced = windows.filter((w) => !syncs.some((t) => t >= w.from && t <= w.to)).map((w) => w.what);
    expect(unsynced).toEqual([]);
  }, 60_000);
});
