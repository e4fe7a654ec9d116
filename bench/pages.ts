/**
 * P4: agent console and admin agents list at 500 requests/s, p99 target < 10 ms.
 * Usage: bun bench/pages.ts [SECONDS] [RATE]   (defaults: 20 s per run, 500 requests/s)
 *
 * The compiled executable serves plain HTTP on loopback with 200 seeded agents. Each page is measured twice:
 * by an open-loop generator that spaces requests evenly (one every 2 ms at 500/s), and by autocannon at the same
 * overallRate (which sends each second's budget as fast as it can, then waits: bursts, see docs/PERFORMANCE.md).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { createSession, SESSION_COOKIE, users } from "../src/auth/index.ts";
import { openDb } from "../src/db/index.ts";
import { queueMembers, queues } from "../src/routing/index.ts";
import { newId, randomToken } from "../src/shared/index.ts";
import { freePort, run } from "../tests/process-helpers.ts";
import { ensureBinary, ms, percentile, startServing } from "./lib.ts";

const SECONDS = Number(process.argv[2] ?? 20);
const RATE = Number(process.argv[3] ?? 500);

/** An admin, the agent who signs in, and 200 more agents in one department; returns session cookies. */
function seed(dataDir: string): { admin: string; agent: string } {
  const db = openDb(join(dataDir, "switchboard.db"));
  const now = Date.now();
  const person = (username: string, role: "admin" | "agent", extension: string | null) => {
    const id = newId();
    db.insert(users)
      .values({
        id,
        username,
        fullName: `Person ${username}`,
        role,
        extension,
        email: `${username}@example.test`,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    return id;
  };
  const adminId = person("boss", "admin", null);
  const agentId = person("ann", "agent", "1000");
  const queueId = newId();
  db.insert(queues).values({ id: queueId, name: "Sales", channel: "voice", createdAt: now, updatedAt: now }).run();
  db.insert(queueMembers).values({ queueId, userId: agentId }).run();
  for (let i = 1; i <= 200; i++) {
    const id = person(`agent${String(i).padStart(3, "0")}`, "agent", String(1000 + i));
    db.insert(queueMembers).values({ queueId, userId: id }).run();
  }
  const cookie = (userId: string) => `${SESSION_COOKIE}=${createSession(db, userId, now, 12 * 3600_000)}; sb_csrf=${randomToken()}`;
  const out = { admin: cookie(adminId), agent: cookie(agentId) };
  db.$client.close();
  return out;
}

type Figures = { p50: number; p975: number; p99: number; rate: number; errors: number };

/** Open loop: one request every 1000/RATE ms whatever the answers do, latency from send to full body. */
async function paced(url: string, cookie: string, seconds: number): Promise<Figures> {
  const total = RATE * seconds;
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let errors = 0;
  const started = performance.now();
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * RATE) / 1000) + 1);
    for (; sent < due; sent++) {
      const t0 = performance.now();
      const request = fetch(url, { headers: { cookie } }).then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
        latencies.push(performance.now() - t0);
      });
      pending.push(request.catch(() => void errors++));
    }
    await Bun.sleep(1);
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p975: percentile(latencies, 97.5),
    p99: percentile(latencies, 99),
    rate: latencies.length / elapsed,
    errors,
  };
}

async function withAutocannon(url: string, cookie: string, seconds: number): Promise<Figures> {
  const r = await autocannon({ url, connections: 10, overallRate: RATE, duration: seconds, headers: { cookie } });
  return { p50: r.latency.p50, p975: r.latency.p97_5, p99: r.latency.p99, rate: r.requests.average, errors: r.non2xx + r.errors };
}

async function main() {
  const binary = await ensureBinary();
  const dataDir = mkdtempSync(join(tmpdir(), "sb-bench-pages-"));
  const migrated = await run([binary, "migrate", "--data-dir", dataDir]);
  if (migrated.code !== 0) throw new Error(migrated.stderr);
  const cookies = seed(dataDir);
  const port = freePort();
  const app = await startServing(["--data-dir", dataDir, "--sip-port", String(freePort())], port);
  try {
    const targets = [
      { name: "agent console  GET /console", url: `http://127.0.0.1:${port}/console`, cookie: cookies.agent, expect: "Person ann" },
      { name: "admin agents   GET /admin/agents", url: `http://127.0.0.1:${port}/admin/agents`, cookie: cookies.admin, expect: "agent001" },
    ];
    console.log(`P4 pages: ${RATE} requests/s for ${SECONDS} s per run, 200 seeded agents, compiled executable on loopback`);
    for (const t of targets) {
      const page = await fetch(t.url, { headers: { cookie: t.cookie } });
      const html = await page.text();
      if (page.status !== 200 || !html.includes(t.expect))
        throw new Error(`${t.url} answered ${page.status} without "${t.expect}"\n${app.output()}`);
      await paced(t.url, t.cookie, 2); // warm-up
      for (const [how, figures] of [
        ["paced   ", await paced(t.url, t.cookie, SECONDS)],
        ["autocannon", await withAutocannon(t.url, t.cookie, SECONDS)],
      ] as const) {
        const f = figures as Figures;
        console.log(
          `${t.name}  ${how}  p50 ${ms(f.p50)}  p97.5 ${ms(f.p975)}  p99 ${ms(f.p99)}  ${f.rate.toFixed(0)} req/s  errors ${f.errors}  (${(html.length / 1024).toFixed(1)} kB page)`,
        );
      }
    }
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
