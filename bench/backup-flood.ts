/**
 * A chat flood with `switchboard backup` runs in the middle of it, against a running appliance: shared by
 * bench/backup-under-load.ts, bench/durability.ts and tests/backup-under-load.test.ts. Visitors of pre-created conversations send
 * `rate` messages a second, round robin; `backups` backup processes start evenly spread over the flood.
 * Every answer is counted by status; afterwards the stored messages are counted, so an acknowledged message
 * that is missing shows as lost.
 */
import { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEnv, freePort, REPO, run, start, waitUntil } from "../tests/process-helpers.ts";
import { BENCH_SITE, type ChatBenchSession, seedChat } from "./chat-seed.ts";

export type FloodOptions = {
  /** The appliance command, e.g. ["bun", "src/main.ts"] or a compiled executable. */
  command: string[];
  rate: number;
  seconds: number;
  backups: number;
};
export type FloodResult = {
  sent: number;
  acknowledged: number;
  serverErrors: number;
  /** Status and body of the first few 5xx answers. */
  errorSamples: string[];
  otherStatuses: Record<string, number>;
  backupsWritten: number;
  backupFailures: string[];
  /** Acknowledged messages not found in the database afterwards. */
  lost: number;
  /** The first error lines the appliance logged. */
  appErrors: string[];
  /** Milliseconds from each acknowledged send to its 201, sorted. */
  ackMs: number[];
};

/** The widget allows 30 messages a minute per conversation: enough conversations to stay under it. */
const conversationsFor = (o: FloodOptions) => Math.max(50, Math.ceil((o.rate * o.seconds) / 20));

export async function backupDuringFlood(o: FloodOptions): Promise<FloodResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-backup-flood-"));
  const sessions = seedChat(dataDir, 1, 1, conversationsFor(o)).sessions;
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = ["--data-dir", dataDir, "--tls", "off", "--http-host", "127.0.0.1", "--log-level", "warn"];
  const app = start([...o.command, "serve", ...args, "--http-port", String(port), "--sip-port", String(freePort())], {
    env: cleanEnv(),
  });
  try {
    const health = async () => ((await fetch(`${base}/healthz`).catch(() => null))?.status === 200 ? true : undefined);
    await waitUntil("/healthz", health, 20_000, app.output);
    const result: FloodResult = {
      sent: 0,
      acknowledged: 0,
      serverErrors: 0,
      errorSamples: [],
      otherStatuses: {},
      backupsWritten: 0,
      backupFailures: [],
      lost: 0,
      appErrors: [],
      ackMs: [],
    };
    const acknowledged: string[] = [];
    const backups = runBackups(o, dataDir, result);
    const sends: Promise<void>[] = [];
    const total = o.rate * o.seconds;
    const startedAt = performance.now();
    for (let n = 0; n < total; n++) {
      const due = startedAt + (n * 1000) / o.rate;
      const wait = due - performance.now();
      if (wait > 0) await Bun.sleep(wait);
      const session = sessions[n % sessions.length] as ChatBenchSession;
      const clientId = `f${n}`;
      result.sent++;
      const sentAt = performance.now();
      sends.push(
        sendVisitorMessage(base, session, clientId).then(({ status, body }) => {
          if (status === 201) {
            result.ackMs.push(performance.now() - sentAt);
            result.acknowledged++;
            acknowledged.push(clientId);
          } else if (status >= 500) {
            result.serverErrors++;
            if (result.errorSamples.length < 5) result.errorSamples.push(`${status} ${body.slice(0, 200)}`);
          } else result.otherStatuses[status] = (result.otherStatuses[status] ?? 0) + 1;
        }),
      );
    }
    await Promise.all([...sends, backups]);
    result.ackMs.sort((a, b) => a - b);
    await app.stop();
    result.appErrors = app
      .output()
      .split("\n")
      .filter((l) => l.includes('"level":"error"'))
      .slice(0, 3);
    result.lost = countMissing(join(dataDir, "switchboard.db"), acknowledged);
    return result;
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One waiting chat (with an agent and a department) in a new data folder: its conversation and visitor token. */
export function seedOneConversation(dataDir: string): ChatBenchSession {
  const [session] = seedChat(dataDir, 1, 1, 1).sessions;
  if (!session) throw new Error("no conversation seeded");
  return session;
}

/** A visitor's send, as the widget makes it; a failed connection counts as 599. */
export async function sendVisitorMessage(
  base: string,
  session: ChatBenchSession,
  clientId: string,
  body = `message ${clientId}`,
): Promise<{ status: number; body: string }> {
  try {
    const res = await fetch(`${base}/widget/api/conversations/${session.conversationId}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.token}`, origin: BENCH_SITE, "content-type": "application/json" },
      body: JSON.stringify({ body, clientId }),
    });
    return { status: res.status, body: await res.text() };
  } catch (err) {
    return { status: 599, body: (err as Error).message };
  }
}

/** Backups one after another, the n-th starting n/(backups+1) of the way into the flood. */
async function runBackups(o: FloodOptions, dataDir: string, result: FloodResult): Promise<void> {
  const startedAt = performance.now();
  for (let n = 1; n <= o.backups; n++) {
    const due = startedAt + (n * o.seconds * 1000) / (o.backups + 1);
    const wait = due - performance.now();
    if (wait > 0) await Bun.sleep(wait);
    const file = join(dataDir, `backup-${n}.db`);
    const r = await run([...o.command, "backup", file, "--data-dir", dataDir], { cwd: REPO, timeoutMs: 60_000 });
    if (r.code === 0) result.backupsWritten++;
    else result.backupFailures.push(`exit ${r.code}: ${r.stderr.trim()}`);
  }
}

function countMissing(dbFile: string, clientIds: string[]): number {
  const db = new Database(dbFile, { readonly: true });
  try {
    const stored = new Set(
      db
        .query<{ id: string }, []>("SELECT client_id AS id FROM chat_messages")
        .all()
        .map((r) => r.id),
    );
    return clientIds.filter((id) => !stored.has(id)).length;
  } finally {
    db.close();
  }
}
