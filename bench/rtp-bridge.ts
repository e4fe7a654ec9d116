/**
 * P2 groundwork: N bridged RTP↔RTP calls through the media core on loopback, G.711 at 20 ms both ways.
 * Usage: bun bench/rtp-bridge.ts [SECONDS] [N ...]    (default 10 s for N = 50 100 200)
 *
 * The bridges run in their own process (bench/rtp-bridge-relay.ts) so that its CPU time is the appliance's
 * alone; this process plays the callers and agents (bench/rtp-far-ends.ts). Each N runs twice: first "direct"
 * (callers and agents paired with each other, no appliance: the baseline jitter of this box and this generator),
 * then bridged. Each run warms up for 1.5 s, then measures for SECONDS: packets lost end to end, jitter against
 * the real send times, and the relay's CPU per call. The added jitter is bridged minus direct. It stops by itself.
 */
import { readFileSync } from "node:fs";
import { mb } from "./lib.ts";
import { FarEnd, pace, SLOTS, transitDiffs } from "./rtp-far-ends.ts";
import { histogramPercentile } from "./rtp-meter.ts";

const SECONDS = Number(process.argv[2] ?? 10);
const COUNTS = process.argv.length > 3 ? process.argv.slice(3).map(Number) : [50, 100, 200];
/** BENCH_RELAY_NICE=-10 runs the relay at a higher priority: on a shared box, to see the code apart from the box's contention. */
const NICE = process.env.BENCH_RELAY_NICE;
const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

type Report = {
  cpuUserMs: number;
  cpuSystemMs: number;
  elapsedMs: number;
  rss: number;
  skipped: number;
  sendErrors: number;
  maxStallMs: number;
  stallsOver20ms: number;
  waitingForCpuMs: number;
};

/** The relay process and a reader of its JSON lines, each awaited in turn (bounded by a timeout). */
function startRelay() {
  const command = ["bun", "bench/rtp-bridge-relay.ts"];
  const child = Bun.spawn(NICE ? ["nice", "-n", NICE, ...command] : command, { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  const reader = child.stdout.getReader();
  let buffer = "";
  const next = async <T>(): Promise<T> => {
    const deadline = setTimeout(() => child.kill(), 30_000);
    while (!buffer.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("the relay process ended");
      buffer += new TextDecoder().decode(value);
    }
    clearTimeout(deadline);
    const line = buffer.slice(0, buffer.indexOf("\n"));
    buffer = buffer.slice(line.length + 1);
    return JSON.parse(line) as T;
  };
  const ask = <T>(message: unknown) => {
    child.stdin.write(`${JSON.stringify(message)}\n`);
    child.stdin.flush();
    return next<T>();
  };
  return { child, ask };
}

/** One run: through the relay, or `direct` (far ends paired with each other) for the baseline of this box. */
async function run(calls: number, direct: boolean) {
  const load = loadavg();
  const relay = direct ? null : startRelay();
  transitDiffs.fill(0);
  let window = 0;
  const ends: FarEnd[] = [];
  for (let i = 0; i < calls * 2; i++) ends.push(await FarEnd.open(() => window, i + 1));
  const pairs = ends.filter((_, i) => i % 2 === 0).map((caller, i) => [caller, ends[2 * i + 1] as FarEnd] as const);
  if (relay) {
    const { ports } = await relay.ask<{ ports: [number, number][] }>({ calls, first: 24000 });
    pairs.forEach(([caller, agent], i) => {
      [caller.target, agent.target] = ports[i] as [number, number];
    });
    await relay.ask({ remotes: pairs.map(([caller, agent]) => [caller.port, agent.port]) });
  } else for (const [caller, agent] of pairs) [caller.target, agent.target] = [agent.port, caller.port];
  const stop = pace((slot) => {
    for (let i = slot; i < calls; i += SLOTS) for (const end of pairs[i] ?? []) end.send();
  });
  await Bun.sleep(1500);
  await relay?.ask({ mark: true });
  const started = performance.now();
  window = 1;
  await Bun.sleep(SECONDS * 1000);
  window = 2;
  const report = (await relay?.ask<Report>({ report: true })) ?? null;
  const elapsedMs = performance.now() - started;
  await Bun.sleep(300);
  stop();
  relay?.child.stdin.end();
  await relay?.child.exited;
  for (const end of ends) end.close();
  return { calls, load, report, elapsedMs, ...tally(ends) };
}

function tally(ends: FarEnd[]) {
  const sent = ends.reduce((n, e) => n + e.stream.sent, 0);
  const received = ends.reduce((n, e) => n + e.stream.received, 0);
  return {
    sent,
    lossPercent: (100 * (sent - received)) / sent,
    jitterMs: ends.reduce((s, e) => s + e.stream.jitterSum, 0) / Math.max(1, received),
    p99Ms: histogramPercentile(transitDiffs, 99),
  };
}

console.log(
  "| calls | path | packets sent | loss | jitter (RFC 3550, mean) | transit variation p99 | relay CPU | CPU per call | relay RSS | relay stall max (> 20 ms) | relay loop waiting for a core | load avg before |",
);
console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
for (const calls of COUNTS) {
  for (const direct of [true, false]) {
    const r = await run(calls, direct);
    console.log(
      `| ${calls} | ${direct ? "direct (baseline)" : "bridged"} | ${r.sent} | ${r.lossPercent.toFixed(3)} % | ${r.jitterMs.toFixed(2)} ms | ` +
        `${r.p99Ms.toFixed(1)} ms | ${relayColumns(r.report, calls).join(" | ")} | ${r.load} |`,
    );
    if (r.report?.skipped || r.report?.sendErrors)
      console.log(`  (relay: ${r.report.skipped} beats skipped, ${r.report.sendErrors} send errors)`);
  }
}

function relayColumns(report: Report | null, calls: number): string[] {
  if (!report) return ["—", "—", "—", "—", "—"];
  const corePercent = (100 * (report.cpuUserMs + report.cpuSystemMs)) / report.elapsedMs;
  return [
    `${corePercent.toFixed(1)} % of a core`,
    `${(corePercent / calls).toFixed(3)} % of a core`,
    mb(report.rss),
    `${report.maxStallMs.toFixed(0)} ms (${report.stallsOver20ms})`,
    `${((100 * report.waitingForCpuMs) / report.elapsedMs).toFixed(0)} % of the time`,
  ];
}
