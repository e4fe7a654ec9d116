/**
 * P4: agent console, the console's colleagues list and the admin agents list at 500 requests/s, p99 target < 10 ms.
 * Usage: bun bench/pages.ts [SECONDS] [RATE] [--runs N] [--pages console,colleagues,agents] [--no-autocannon]
 *        [--no-pin] [--binary PATH | --source]
 *   defaults: 20 s per run, 500 requests/s, 1 run per page, all three pages, dist/switchboard (rebuilt when stale)
 *   --no-pin: leave the processes unpinned. By default, with 2+ CPUs, the appliance runs on CPU 0 and this process
 *   (the load generators) on CPU 1 (taskset), so each has a core and the generator cannot delay the appliance.
 *   --binary: serve with another build of the executable (e.g. `bun scripts/build.ts /tmp/sb-before`) to compare.
 *   --source: serve from source (`bun src/main.ts`); with BENCH_CPU_PROF=DIR it writes a markdown CPU profile of
 *   the appliance into DIR when it stops.
 *
 * The compiled executable serves plain HTTP on loopback with 200 seeded agents. Each page is measured by an
 * open-loop generator that spaces requests evenly (one every 2 ms at 500/s), and by autocannon at the same
 * overallRate (which sends each second's budget as fast as it can, then waits: bursts, see docs/PERFORMANCE.md).
 * The load average (1, 5, 15 minutes) is printed before each run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createSession, SESSION_COOKIE } from "../src/auth/index.ts";
import { users } from "../src/auth/schema.ts";
import { openDb } from "../src/db/index.ts";
import { queueMembers, queues } from "../src/routing/schema.ts";
import { newId, randomToken } from "../src/shared/index.ts";
import { freePort, run } from "../tests/process-helpers.ts";
import { ensureBinary, ms, percentile, startServing } from "./lib.ts";
import { cpuSeconds, loadavg, pinned, pinning } from "./p2-level.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "1" },
    pages: { type: "string", default: "console,colleagues,agents" },
    "no-autocannon": { type: "boolean", default: false },
    "no-pin": { type: "boolean", default: false },
    binary: { type: "string" },
    source: { type: "boolean", default: false },
  },
});
const SECONDS = Number(positionals[0] ?? 20);
const RATE = Number(positionals[1] ?? 500);
const RUNS = Math.max(1, Math.min(20, Number(values.runs) || 1));
const PIN = pinning(!values["no-pin"]);

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

const line = (name: string, how: string, f: Figures, extra: string) =>
  `${name}  ${how}  p50 ${ms(f.p50)}  p97.5 ${ms(f.p975)}  p99 ${ms(f.p99)}  ${f.rate.toFixed(0)} req/s  errors ${f.errors}${extra}`;

async function main() {
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof-md", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const command = values.source ? ["bun", ...profile, "src/main.ts"] : [values.binary ?? (await ensureBinary())];
  const dataDir = mkdtempSync(join(tmpdir(), "sb-bench-pages-"));
  const migrated = await run([...command, "migrate", "--data-dir", dataDir]);
  if (migrated.code !== 0) throw new Error(migrated.stderr);
  const cookies = seed(dataDir);
  const port = freePort();
  const args = ["--data-dir", dataDir, "--sip-port", String(freePort())];
  const app = await startServing(["serve", ...args], port, { command, wrap: (cmd) => pinned(cmd, PIN.relay) });
  const base = `http://127.0.0.1:${port}`;
  const all = {
    console: { name: "agent console     GET /console", url: `${base}/console`, cookie: cookies.agent, expect: "Person ann" },
    colleagues: {
      name: "colleagues list   GET /console/colleagues",
      url: `${base}/console/colleagues`,
      cookie: cookies.agent,
      expect: "agent200",
    },
    agents: { name: "admin agents list GET /admin/agents", url: `${base}/admin/agents`, cookie: cookies.admin, expect: "agent001" },
  };
  const targets = values.pages.split(",").map((key) => {
    const target = all[key.trim() as keyof typeof all];
    if (!target) throw new Error(`unknown page "${key}" (known: ${Object.keys(all).join(", ")})`);
    return target;
  });
  try {
    console.log(
      `P4 pages: ${RATE} requests/s for ${SECONDS} s per run, ${RUNS} run(s) per page, 200 seeded agents, ${command.join(" ")} on loopback`,
    );
    console.log(PIN.relay === null ? "not pinned" : `pinned: appliance on CPU ${PIN.relay}, load generators on CPU ${PIN.generator}`);
    for (const t of targets) {
      const page = await fetch(t.url, { headers: { cookie: t.cookie } });
      const html = await page.text();
      if (page.status !== 200 || !html.includes(t.expect))
        throw new Error(`${t.url} answered ${page.status} without "${t.expect}"\n${app.output()}`);
      const size = `  (${(html.length / 1024).toFixed(1)} kB page)`;
      await paced(t.url, t.cookie, 2); // warm-up
      for (let r = 1; r <= RUNS; r++) {
        const before = loadavg();
        const cpu0 = cpuSeconds(app.proc.pid);
        const t0 = performance.now();
        const f = await paced(t.url, t.cookie, SECONDS);
        const cpu = cpuSeconds(app.proc.pid) - cpu0;
        const busy = (cpu * 100_000) / (performance.now() - t0);
        const perRequest = (cpu * 1000) / (f.rate * ((performance.now() - t0) / 1000));
        console.log(
          line(
            t.name,
            "paced     ",
            f,
            `  appliance CPU ${busy.toFixed(0)} % of a core, ${ms(perRequest)} a request  load ${before}${size}`,
          ),
        );
        if (!values["no-autocannon"]) console.log(line(t.name, "autocannon", await withAutocannon(t.url, t.cookie, SECONDS), ""));
      }
    }
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
