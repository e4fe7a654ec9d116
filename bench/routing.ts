/**
 * Issue 3 routing benchmark: 200 agents, each with a real event stream, 1,000 chats enqueued in 10 bursts of 100.
 * Usage: bun bench/routing.ts [BURSTS] [BURST_SIZE] [BURST_EVERY_MS]   (default 10 100 2000); target p99 < 50 ms.
 *
 * The appliance runs from source in its own process (bench/routing-server.ts) on loopback, plain HTTP, system
 * clock. Latency is per interaction: from the enqueue call in the appliance to the arrival, on the offered
 * agent's GET /events stream in this process, of the `offers` event that holds it. Agents Accept and, after
 * 0.3–1.5 s, End session through the console's routes, so capacity frees up. The run stops by itself.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { freePort } from "../tests/process-helpers.ts";
import { mb, ms, percentile, rssBytes } from "./lib.ts";
import { RoutingServer } from "./routing-process.ts";
import { seedRouting } from "./routing-seed.ts";
import { preciseNow } from "./routing-protocol.ts";
import { SseAgent } from "./sse-agent.ts";

const [BURSTS, BURST_SIZE, BURST_EVERY_MS] = [10, 100, 2000].map((d, n) => Number(process.argv[n + 2] ?? d)) as [number, number, number];
const AGENTS = 200;
/** BENCH_QUEUES=N spreads the agents over N departments instead (fewer colleagues per agent). */
const QUEUES = Number(process.env.BENCH_QUEUES ?? 4);
const LIMIT_MS = 240_000;
/** BENCH_CPU_PROF=DIR writes a CPU profile of the appliance (markdown) into DIR when it stops. */
const PROFILE = process.env.BENCH_CPU_PROF ? ["--cpu-prof-md", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** What the run saw, by the interaction's sequence number. */
class Tally {
  readonly enqueuedAt = new Map<number, number>();
  /** When the burst holding it was sent to the appliance (so time spent waiting behind the burst counts too). */
  readonly sentAt = new Map<number, number>();
  readonly arrivedAt = new Map<number, number>();
  readonly ids = new Map<number, PromiseWithResolvers<string>>();
  readonly failures: string[] = [];
  ended = 0;
  busyMs = 0;

  id(seq: number): PromiseWithResolvers<string> {
    const known = this.ids.get(seq);
    if (known) return known;
    const d = Promise.withResolvers<string>();
    this.ids.set(seq, d);
    return d;
  }

  latencies(from: Map<number, number>): number[] {
    const out: number[] = [];
    for (const [seq, at] of this.arrivedAt) {
      const start = from.get(seq);
      if (start !== undefined) out.push(at - start);
    }
    return out.sort((a, b) => a - b);
  }
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

async function signInAll(base: string, cookies: string[]): Promise<void> {
  await pool(cookies, 20, async (cookie) => {
    const res = await fetch(`${base}/console`, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`GET /console answered ${res.status}`);
  });
}

async function runBursts(server: RoutingServer, queueIds: string[], tally: Tally): Promise<void> {
  const started = preciseNow();
  for (let b = 0; b < BURSTS; b++) {
    await Bun.sleep(Math.max(0, started + b * BURST_EVERY_MS - preciseNow()));
    const items = Array.from({ length: BURST_SIZE }, (_, n) => ({
      seq: b * BURST_SIZE + n,
      queueId: queueIds[n % queueIds.length] as string,
    }));
    const sent = preciseNow();
    for (const item of items) tally.sentAt.set(item.seq, sent);
    const answer = await server.request({ type: "enqueue", items });
    if (answer.type !== "enqueued") throw new Error(`unexpected ${answer.type}`);
    tally.busyMs += answer.busyMs;
    for (const r of answer.results) {
      tally.enqueuedAt.set(r.seq, r.t - server.offset);
      tally.id(r.seq).resolve(r.id);
    }
  }
}

function report(tally: Tally, elapsedMs: number, rss: Record<string, number>, load: string[]): void {
  const lat = tally.latencies(tally.enqueuedAt);
  const fromSend = tally.latencies(tally.sentAt);
  const total = BURSTS * BURST_SIZE;
  const perBurst = Array.from({ length: BURSTS }, (_, b) => {
    const seqs = Array.from({ length: BURST_SIZE }, (_, n) => b * BURST_SIZE + n);
    const first = Math.min(...seqs.map((s) => tally.enqueuedAt.get(s) ?? Number.POSITIVE_INFINITY));
    const last = Math.max(...seqs.map((s) => tally.arrivedAt.get(s) ?? Number.NEGATIVE_INFINITY));
    return (BURST_SIZE * 1000) / (last - first);
  });
  console.log(
    `routing: ${AGENTS} agents with event streams, ${QUEUES} chat departments, ${BURSTS} bursts of ${BURST_SIZE} every ${BURST_EVERY_MS} ms`,
  );
  console.log(
    `offered ${lat.length}/${total}, ended ${tally.ended}/${total}, failures ${tally.failures.length}${tally.failures.length ? ` (${tally.failures[0]})` : ""}`,
  );
  console.log(
    `enqueue → offers event  p50 ${ms(percentile(lat, 50))}  p90 ${ms(percentile(lat, 90))}  p99 ${ms(percentile(lat, 99))}  max ${ms(lat.at(-1) ?? Number.NaN)}`,
  );
  console.log(
    `burst sent → offers event  p50 ${ms(percentile(fromSend, 50))}  p90 ${ms(percentile(fromSend, 90))}  p99 ${ms(percentile(fromSend, 99))}  max ${ms(fromSend.at(-1) ?? Number.NaN)}`,
  );
  console.log(
    `throughput: ${((lat.length * 1000) / elapsedMs).toFixed(0)} offers/s over the run, ${Math.min(...perBurst).toFixed(0)}–${Math.max(...perBurst).toFixed(0)} offers/s within a burst`,
  );
  console.log(`appliance time in enqueue (dispatch, offer, pushes rendered): ${ms(tally.busyMs / total)} per interaction`);
  console.log(
    `appliance RSS: idle ${mb(rss.idle ?? 0)}, ${AGENTS} streams open ${mb(rss.before ?? 0)}, after the run ${mb(rss.after ?? 0)}`,
  );
  console.log(`load average: ${load.join(" → ")} (nproc ${navigator.hardwareConcurrency})`);
}

async function main() {
  const dataDir = mkdtempSync(`${tmpdir()}/sb-bench-routing-`);
  const load = [loadavg()];
  const seed = seedRouting(dataDir, AGENTS, QUEUES);
  const port = freePort();
  const net = ["--tls", "off", "--http-host", "127.0.0.1", "--http-port", String(port), "--sip-port", "0"];
  const server = new RoutingServer(["--data-dir", dataDir, ...net, "--log-level", "warn"], PROFILE);
  const base = `http://127.0.0.1:${port}`;
  const tally = new Tally();
  const agents = seed.agents.map(
    (a) =>
      new SseAgent(base, a.cookie, a.csrf, {
        offered: (seq, at) => void (tally.arrivedAt.has(seq) ? tally.failures.push(`offered twice: ${seq}`) : tally.arrivedAt.set(seq, at)),
        interactionOf: (seq) => tally.id(seq).promise,
        holdMs: () => 300 + Math.random() * 1200,
        failed: (what) => void tally.failures.push(what),
        ended: () => void tally.ended++,
      }),
  );
  try {
    await server.ready();
    const rss: Record<string, number> = { idle: await rssBytes(server.pid) };
    await signInAll(
      base,
      seed.agents.map((a) => a.cookie),
    );
    await pool(agents, 20, (a) => a.connect());
    rss.before = await rssBytes(server.pid);
    const started = preciseNow();
    await runBursts(server, seed.queueIds, tally);
    const deadline = started + LIMIT_MS;
    while (tally.ended + tally.failures.length < BURSTS * BURST_SIZE && preciseNow() < deadline) await Bun.sleep(50);
    const elapsed = Math.max(...tally.arrivedAt.values()) - started;
    rss.after = await rssBytes(server.pid);
    load.push(loadavg());
    report(tally, elapsed, rss, load);
  } finally {
    for (const a of agents) a.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
