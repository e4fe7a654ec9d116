/**
 * The load of bench/chat.ts, in its own process so that process may hold more open fetches than Bun's
 * default 256 (BUN_CONFIG_MAX_HTTP_REQUESTS is read at start). Usage (by bench/chat.ts):
 *   bun bench/chat-client.ts BASE_URL SERVER_PID SEED_JSON RATE SECONDS SETTLE_SECONDS
 * Prints progress on stderr and the figures as one JSON line on stdout.
 */
import { readFileSync } from "node:fs";
import { BenchAgent } from "./chat-agent.ts";
import type { ChatBenchSeed } from "./chat-seed.ts";
import { type LevelResult, Tally } from "./chat-tally.ts";
import { BenchVisitor } from "./chat-visitor.ts";
import { rssBytes } from "./lib.ts";

const [base, pidText, seedFile, ...numbers] = process.argv.slice(2) as [string, string, string, string, string, string];
const [serverPid, rate, seconds, settleS] = [Number(pidText), ...numbers.map(Number)] as [number, number, number, number];
const seed = JSON.parse(readFileSync(seedFile, "utf8")) as ChatBenchSeed;
const ACCEPT_LIMIT_MS = 45 * 60_000;
const WARM_UP_S = 5;
const log = (line: string) => process.stderr.write(`  ${line}\n`);

/** CPU seconds (user + system) the server has used so far, from /proc. */
function serverCpuS(): number {
  const fields = readFileSync(`/proc/${serverPid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs `fn` over items with at most `width` at once. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: width }, lane));
}

async function acceptAll(agents: BenchAgent[], total: number, accepted: () => number): Promise<number> {
  const started = performance.now();
  await inBatches(agents, agents.length, (a) => a.connect());
  let lastLog = started;
  while (accepted() < total) {
    if (performance.now() - started > ACCEPT_LIMIT_MS) throw new Error(`only ${accepted()} of ${total} chats accepted in time`);
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`${accepted()} of ${total} chats accepted`);
    }
    await Bun.sleep(50);
  }
  return (performance.now() - started) / 1000;
}

/** Open loop: visitor messages at rate/2 per second whatever the answers do (each is answered once by its agent). */
async function steady(visitors: BenchVisitor[], forSeconds: number, counter: { n: number }): Promise<void> {
  const perSecond = rate / 2;
  const started = performance.now();
  const total = Math.round(perSecond * forSeconds);
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) * perSecond) / 1000) + 1);
    for (; sent < due; sent++, counter.n++) void (visitors[counter.n % visitors.length] as BenchVisitor).send(counter.n);
    await Bun.sleep(1);
  }
}

/** Visitors open their streams first (a waiting visitor keeps the widget open: one gone for 3 minutes is abandoned). */
async function connectVisitors(tally: Tally): Promise<{ visitors: BenchVisitor[]; connectS: number }> {
  const visitors = seed.sessions.map((s, n) => new BenchVisitor(base, s, n, tally));
  const started = performance.now();
  await inBatches(visitors, 100, (v) => v.connect());
  const connectS = (performance.now() - started) / 1000;
  log(`${visitors.length} visitor streams open in ${connectS.toFixed(1)} s`);
  return { visitors, connectS };
}

/** Sends at the steady rate for the warm-up, then measures for `seconds`; returns the CPU used meanwhile. */
async function measure(visitors: BenchVisitor[], tally: Tally) {
  const counter = { n: 0 };
  await steady(visitors, WARM_UP_S, counter);
  tally.measuring = true;
  const [cpu0, client0, t0] = [serverCpuS(), process.cpuUsage(), performance.now()];
  await steady(visitors, seconds, counter);
  const elapsed = (performance.now() - t0) / 1000;
  const [cpu1, client1] = [serverCpuS(), process.cpuUsage(client0)];
  for (let waited = 0; tally.missing() > 0 && waited < 5000; waited += 50) await Bun.sleep(50);
  tally.measuring = false;
  return { serverCpu: (cpu1 - cpu0) / elapsed, clientCpu: (client1.user + client1.system) / 1e6 / elapsed };
}

async function main() {
  const tally = new Tally();
  const rssStart = await rssBytes(serverPid);
  const { visitors, connectS } = await connectVisitors(tally);
  await Bun.sleep(2000);
  const rssStreams = await rssBytes(serverPid);
  let accepted = 0;
  const agents = seed.agents.map((a) => new BenchAgent(base, a, tally, () => accepted++));
  const acceptS = await acceptAll(agents, seed.sessions.length, () => accepted);
  log(`all ${seed.sessions.length} chats accepted in ${acceptS.toFixed(1)} s; steady ${rate} messages/s for ${seconds} s`);
  await Bun.sleep(2000);
  const rssAccepted = await rssBytes(serverPid);
  // Accepting thousands of chats leaves the appliance a large heap to collect; let that pass before measuring.
  await Bun.sleep(settleS * 1000);
  const cpu = await measure(visitors, tally);
  const result: LevelResult = {
    sessions: visitors.length,
    agents: agents.length,
    rate,
    seconds,
    acceptS,
    connectS,
    rssStart,
    rssStreams,
    rssAccepted,
    serverRss: await rssBytes(serverPid),
    ...cpu,
    toAgent: tally.figures("toAgent"),
    toVisitor: tally.figures("toVisitor"),
    both: tally.figures("both"),
    ackToAgent: tally.figures("toAgent", "acks"),
    ackToVisitor: tally.figures("toVisitor", "acks"),
    missing: tally.missing(),
    failures: [...new Set(tally.failures)].slice(0, 10),
    failureCount: tally.failures.length,
    drops: tally.drops,
    withdrawn: tally.withdrawn,
  };
  for (const v of visitors) v.close();
  for (const a of agents) a.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

await main();
