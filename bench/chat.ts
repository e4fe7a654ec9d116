/**
 * P3: concurrent widget chat sessions, 200 agents, a steady message rate; target 10,000 sessions, p99 < 20 ms.
 * Usage: ulimit -n 65536 (each process holds a socket per session; the hard limit must allow it), then
 *   bun bench/chat.ts [LEVELS] [RATE] [SECONDS]        default: 1000,5000,10000  200  30
 * A level runs only when the one before it held every session and delivered every message.
 * BENCH_QUEUES=N spreads agents and chats over N departments (default 10); BENCH_SETTLE_S=N waits N quiet
 * seconds after the last Accept (default 30); BENCH_CPU_PROF=DIR writes a CPU profile of the appliance
 * (markdown) into DIR; BENCH_GC_LOG=FILE appends the appliance's garbage-collection log to FILE.
 *
 * Per level: a fresh data folder seeded with 200 agents and N waiting chats (bench/chat-seed.ts says why they
 * are pre-created), the appliance from source on loopback (plain HTTP, system clock), and a load process
 * (bench/chat-client.ts): every visitor opens the widget's event stream (a waiting visitor keeps it open; the
 * appliance abandons a waiting chat whose widget has been gone for 3 minutes); agents open /console and /events
 * and accept every chat through the console's Accept route; then visitors send rate/2 messages a second, round
 * robin, and the agent of each answers it as soon as its stream shows it (rate in total). A stream the
 * appliance ends is reopened as a browser would, and counted.
 * Latency: from the start of the sending POST to the message's arrival on the other side's stream, both
 * timed in the load process. RSS per session: the appliance's RSS growth from idle (data loaded, nothing
 * connected) to every chat accepted and every visitor stream open, over the number of sessions; and the growth
 * while the visitor streams opened alone (small levels are within the garbage collector's noise).
 */
import type { Subprocess } from "bun";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { cleanEnv, freePort, REPO, start, waitUntil } from "../tests/process-helpers.ts";
import { seedChat } from "./chat-seed.ts";
import type { Figures, LevelResult as Result } from "./chat-tally.ts";
import { mb, ms } from "./lib.ts";

const LEVELS = (process.argv[2] ?? "1000,5000,10000").split(",").map(Number);
const RATE = Number(process.argv[3] ?? 200);
const SECONDS = Number(process.argv[4] ?? 30);
const AGENTS = 200;
const QUEUES = Number(process.env.BENCH_QUEUES ?? 10);
/** Quiet seconds between the last Accept and the warm-up. */
const SETTLE_S = Number(process.env.BENCH_SETTLE_S ?? 30);
/** BENCH_GC_LOG=FILE: the appliance logs each garbage collection (JSC's logGC) into FILE. */
const GC_LOG = process.env.BENCH_GC_LOG;
const PROFILE = process.env.BENCH_CPU_PROF ? ["--cpu-prof-md", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const CLIENT_LIMIT_MS = 75 * 60_000;
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

async function runLevel(sessions: number): Promise<Result> {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-bench-chat-"));
  const seedFile = join(dataDir, "bench-seed.json");
  writeFileSync(seedFile, JSON.stringify(seedChat(dataDir, AGENTS, QUEUES, sessions)));
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const args = ["--tls", "off", "--http-host", "127.0.0.1", "--http-port", String(port), "--sip-port", String(freePort())];
  const env = cleanEnv(GC_LOG ? { BUN_JSC_logGC: "1" } : {});
  const app = start(["bun", ...PROFILE, "src/main.ts", "serve", ...args, "--data-dir", dataDir, "--log-level", "warn"], { env });
  try {
    await waitUntil(
      "/healthz",
      async () => ((await fetch(`${base}/healthz`).catch(() => null))?.status === 200 ? true : undefined),
      20_000,
      app.output,
    );
    const client = Bun.spawn(
      ["bun", "bench/chat-client.ts", base, String(app.proc.pid), seedFile, String(RATE), String(SECONDS), String(SETTLE_S)],
      {
        cwd: REPO,
        env: cleanEnv({ BUN_CONFIG_MAX_HTTP_REQUESTS: "65535" }),
        stdout: "pipe",
        stderr: "inherit",
      },
    );
    const timer = setTimeout(() => client.kill("SIGKILL"), CLIENT_LIMIT_MS);
    const [out, code] = await Promise.all([new Response(client.stdout).text(), client.exited]);
    clearTimeout(timer);
    const last = out.trim().split("\n").pop() ?? "";
    if (code !== 0 || !last.startsWith("{")) throw new Error(`load process exited ${code}\n${out}\n${app.output().slice(-4000)}`);
    return JSON.parse(last) as Result;
  } finally {
    await stop(app.proc);
    if (GC_LOG) appendFileSync(GC_LOG, `--- level ${sessions}\n${app.output()}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** SIGTERM, then SIGKILL after a while (a minute when the CPU profile has to be written on the way out). */
async function stop(proc: Subprocess): Promise<void> {
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), PROFILE.length ? 60_000 : 5_000);
  await proc.exited;
  clearTimeout(timer);
}

function report(r: Result): boolean {
  const line = (name: string, f: Figures) => `    ${name.padEnd(30)} p50 ${ms(f.p50)}  p99 ${ms(f.p99)}  max ${ms(f.max)}  (${f.count})`;
  const kB = (bytes: number) => `${(bytes / r.sessions / 1024).toFixed(1)} kB`;
  console.log(`  ${r.sessions} sessions, ${r.agents} agents, ${r.rate} messages/s for ${r.seconds} s`);
  console.log(line("visitor → agent (POST → push)", r.toAgent));
  console.log(line("agent → visitor (POST → push)", r.toVisitor));
  console.log(line("both directions", r.both));
  console.log(line("visitor send acknowledged", r.ackToAgent));
  console.log(line("agent send acknowledged", r.ackToVisitor));
  console.log(
    `    RSS ${mb(r.rssStart)} idle, ${mb(r.rssStreams)} with the visitor streams open, ${mb(r.rssAccepted)} with every chat accepted, ` +
      `${mb(r.serverRss)} after the run: ${kB(r.rssStreams - r.rssStart)} per visitor stream, ${kB(r.rssAccepted - r.rssStart)} per session in all`,
  );
  console.log(`    CPU appliance ${(r.serverCpu * 100).toFixed(0)}% of a core, load process ${(r.clientCpu * 100).toFixed(0)}%`);
  console.log(`    opening the visitor streams took ${r.connectS.toFixed(1)} s, accepting every chat ${r.acceptS.toFixed(1)} s`);
  console.log(`    streams the appliance dropped and the client reopened: agents ${r.drops.agent}, visitors ${r.drops.visitor}`);
  console.log(`    offers withdrawn before the Accept arrived (and offered again): ${r.withdrawn}`);
  console.log(`    missing messages ${r.missing}, failures ${r.failureCount}${r.failures.length ? `: ${r.failures.join("; ")}` : ""}`);
  return r.missing === 0 && r.failureCount === 0 && r.both.count > 0;
}

console.log(`P3 chat: ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, ${mb(totalmem())} memory, load ${loadavg()}`);
console.log(
  `levels ${LEVELS.join(", ")}; ${AGENTS} agents in ${QUEUES} departments; ${RATE} messages/s for ${SECONDS} s after ${SETTLE_S} s settling and 5 s warm-up`,
);
for (const sessions of LEVELS) {
  console.log(`level ${sessions} (load ${loadavg()})`);
  const passed = report(await runLevel(sessions));
  console.log(`  load average after: ${loadavg()}`);
  if (!passed) {
    console.log("  stopped: this level lost sessions or messages");
    break;
  }
}
