/**
 * One P2 level's traffic and figures, the same for the appliance (bench/p2.ts) and rtpengine
 * (bench/p2-rtpengine.ts): plain RTP far ends on the trunk side, werift peers on the browser side, each sending
 * a stamped 20 ms PCMU frame every 20 ms (the calls spread over the 20 ms in ten groups), held by several
 * generator processes (bench/p2-generator.ts) whose figures are summed here. The relay's CPU is utime + stime
 * from /proc/PID/stat over the measured seconds only (not setup or teardown).
 *
 * Pinning (default with 2+ CPUs): the relay on CPU 0, everything else the bench runs (this process, the
 * generator processes, sipp) on CPU 1, so the relay has one core to itself and the generator cannot delay it.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { cleanEnv, REPO } from "../tests/process-helpers.ts";
import { mb, rssBytes } from "./lib.ts";
import type { Job, Report, Request, StreamSummary } from "./p2-generator.ts";
import { histogramPercentile } from "./rtp-meter.ts";

const TICKS_PER_S = 100; // USER_HZ on Linux
/** Calls per generator process by default: one Bun loop keeps this many calls × 2 streams paced within ~1 ms. */
const CALLS_PER_GENERATOR = 50;

export const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** CPU seconds (user + system, all threads) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Which CPU the relay and the generator run on; null: wherever the kernel puts them. */
export type Pinning = { relay: number | null; generator: number | null };

/**
 * Pins this process (all its threads, and so every process it starts) to CPU 1 and names CPU 0 for the relay,
 * when asked and the box has 2+ CPUs and util-linux's taskset; otherwise nothing is pinned.
 */
export function pinning(wanted: boolean): Pinning {
  const none = { relay: null, generator: null };
  if (!wanted || cpus().length < 2) return none;
  if (!Bun.which("taskset")) {
    console.log("taskset (util-linux) not found: nothing pinned");
    return none;
  }
  const self = Bun.spawnSync(["taskset", "-a", "-p", "-c", "1", String(process.pid)], { stdout: "ignore", stderr: "pipe" });
  if (self.exitCode !== 0) throw new Error(`taskset failed: ${self.stderr.toString()}`);
  return { relay: 0, generator: 1 };
}

/** `cmd` run on `cpu` (or as it is). */
export const pinned = (cmd: string[], cpu: number | null) => (cpu === null ? cmd : ["taskset", "-c", String(cpu), ...cmd]);

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

/** The generator processes of one level, driven one command at a time over IPC. */
export class Generators {
  #next = 1;
  readonly #pending = new Map<number, Pending>();
  #procs: Subprocess[] = [];
  #target = 0;

  static auto(calls: number): number {
    return Math.max(1, Math.ceil(calls / CALLS_PER_GENERATOR));
  }

  static async start(count: number): Promise<Generators> {
    const self = new Generators();
    const script = join(REPO, "bench", "p2-generator.ts");
    self.#procs = Array.from({ length: count }, () =>
      Bun.spawn(["bun", script], {
        cwd: REPO,
        env: cleanEnv(),
        stdio: ["ignore", "inherit", "inherit"],
        ipc: (message: { id: number; result?: unknown; error?: string }) => {
          const pending = self.#pending.get(message.id);
          self.#pending.delete(message.id);
          if (message.error !== undefined) pending?.reject(new Error(`generator: ${message.error}`));
          else pending?.resolve(message.result);
        },
      }),
    );
    return self;
  }

  /** [first, count] of `calls` for each process, as even as can be. */
  shares(calls: number): [number, number][] {
    const n = this.#procs.length;
    return this.#procs.map((_, i) => {
      const first = Math.floor((i * calls) / n);
      return [first, Math.floor(((i + 1) * calls) / n) - first];
    });
  }

  /** Each process its job; the trunk far ends' ports in order, for the calls' SDP. */
  async setUp(jobs: Job[]): Promise<number[]> {
    const done = (await Promise.all(jobs.map((job, i) => this.ask(i, { op: "setup", job })))) as { ports: number[]; ends: number }[];
    this.#target = done.reduce((n, d) => n + d.ends, 0);
    return done.flatMap((d) => d.ports);
  }

  /** Every end sends from now on (an end without a peer yet sends nothing). */
  async start(): Promise<void> {
    await this.all({ op: "start" });
  }

  /** Calls whose audio flows both ways already: as many as the ends that hear the other side, on the side with fewer. */
  async bridged(): Promise<number> {
    const heard = (await this.all({ op: "heard" })) as { trunk: number; agents: number }[];
    const sum = (f: (h: { trunk: number; agents: number }) => number) => heard.reduce((n, h) => n + f(h), 0);
    return Math.min(
      sum((h) => h.trunk),
      sum((h) => h.agents),
    );
  }

  /** Polls (bounded) until `calls` flow both ways; returns how many do. */
  async waitBridged(calls: number, timeoutMs: number): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const bridged = await this.bridged();
      if (bridged >= calls || performance.now() > deadline) return bridged;
      await Bun.sleep(100);
    }
  }

  /** Calls the processes set up (for rtpengine, those whose DTLS came up). */
  get target(): number {
    return this.#target;
  }

  /** Drops the ends that never heard the other side (calls not set up), warms up, then measures for `seconds`. */
  async measure(relayPid: number, seconds: number, warmUpMs = 2000): Promise<Measured> {
    await Bun.sleep(warmUpMs);
    const generatorCpu = () => this.#procs.reduce((s, p) => s + cpuSeconds(p.pid), 0);
    const [relayBefore, generatorBefore, at] = [cpuSeconds(relayPid), generatorCpu(), performance.now()];
    await this.all({ op: "begin" });
    await Bun.sleep(seconds * 1000);
    await this.all({ op: "end" });
    const relayCpuS = cpuSeconds(relayPid) - relayBefore;
    const generatorCpuS = generatorCpu() - generatorBefore;
    const elapsedS = (performance.now() - at) / 1000;
    const rss = await rssBytes(relayPid);
    await Bun.sleep(500); // frames in flight arrive
    const reports = (await this.all({ op: "report" })) as Report[];
    const trunk = reports.flatMap((r) => r.trunk);
    const agents = reports.flatMap((r) => r.agents);
    const sum = (f: (r: Report) => Uint32Array) =>
      reports.reduce((h, r) => h.map((c, i) => c + (f(r)[i] as number)), new Uint32Array(20_000));
    return {
      calls: Math.min(trunk.length, agents.length),
      generators: reports.length,
      elapsedS,
      relayCpuS,
      generatorCpuS,
      stallMaxMs: Math.max(...reports.map((r) => r.stallMaxMs)),
      rss,
      toAgent: direction(
        trunk,
        agents,
        sum((r) => r.webrtcDiffs),
      ),
      toTrunk: direction(
        agents,
        trunk,
        sum((r) => r.transitDiffs),
      ),
    };
  }

  /** Closes every peer and socket and ends the processes (bounded). */
  async close(): Promise<void> {
    const closing = this.all({ op: "close" }).catch(() => {});
    await Promise.race([closing, Bun.sleep(15_000)]);
    for (const p of this.#procs) p.kill("SIGKILL");
    await Promise.all(this.#procs.map((p) => p.exited));
  }

  private all(command: Exclude<Request, { op: "setup" }>): Promise<unknown[]> {
    return Promise.all(this.#procs.map((_, i) => this.ask(i, command)));
  }

  private ask(i: number, command: Request, timeoutMs = 600_000): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`generator ${i} did not answer ${command.op}`)), timeoutMs);
      const settled =
        <T>(f: (x: T) => void) =>
        (x: T) => {
          clearTimeout(timer);
          f(x);
        };
      this.#pending.set(id, { resolve: settled(resolve), reject: settled(reject) });
      this.#procs[i]?.send({ ...command, id });
    });
  }
}

export type Measured = {
  calls: number;
  generators: number;
  elapsedS: number;
  relayCpuS: number;
  generatorCpuS: number;
  stallMaxMs: number;
  rss: number;
  toAgent: Direction;
  toTrunk: Direction;
};
type Direction = ReturnType<typeof direction>;

function direction(senders: StreamSummary[], receivers: StreamSummary[], histogram: Uint32Array) {
  const sent = senders.reduce((n, s) => n + s.sent, 0);
  const received = receivers.reduce((n, s) => n + s.received, 0);
  const perStream = (f: (s: StreamSummary) => number) =>
    receivers
      .filter((s) => s.received > 0)
      .map(f)
      .sort((a, b) => a - b);
  const added = perStream((s) => s.jitterSum / s.received);
  const receiver = perStream((s) => s.receiverJitterSum / s.received);
  const pacing = senders.map((s) => s.pacingJitterSum / Math.max(1, s.sent - 1));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    sent,
    received,
    lossPercent: sent ? (100 * (sent - received)) / sent : Number.NaN,
    sequenceGaps: receivers.reduce((n, s) => n + s.sequenceGaps, 0),
    addedMeanMs: mean(added),
    addedP99Ms: added[Math.max(0, Math.ceil(0.99 * added.length) - 1)] ?? Number.NaN,
    transitP99Ms: histogramPercentile(histogram, 99),
    receiverMeanMs: mean(receiver),
    pacingMeanMs: mean(pacing),
    pacingP99Ms: pacing.sort((a, b) => a - b)[Math.max(0, Math.ceil(0.99 * pacing.length) - 1)] ?? Number.NaN,
  };
}

/** CPU-seconds per call-minute: the relay's CPU over the window, per call, scaled to a minute. */
export const cpuPerCallMinute = (m: Measured) => m.relayCpuS / ((m.calls * m.elapsedS) / 60);

export const TABLE_HEAD = [
  "| relay | calls | loss → agent / → trunk | added jitter mean → agent / → trunk | added jitter p99 of calls → agent / → trunk | transit variation p99 → agent / → trunk | relay CPU | CPU-s per call-minute | relay RSS | generator CPU in processes (stall max) | load avg before |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
];

export function tableRow(relay: string, asked: number, m: Measured, load: string): string {
  const both = (f: (d: Direction) => number, unit: string, digits = 2) =>
    `${f(m.toAgent).toFixed(digits)} / ${f(m.toTrunk).toFixed(digits)}${unit}`;
  const core = (s: number) => `${((100 * s) / m.elapsedS).toFixed(1)} %`;
  return [
    "",
    relay,
    m.calls === asked ? String(asked) : `${m.calls} of ${asked}`,
    both((d) => d.lossPercent, " %", 3),
    both((d) => d.addedMeanMs, " ms"),
    both((d) => d.addedP99Ms, " ms"),
    both((d) => d.transitP99Ms, " ms", 1),
    `${core(m.relayCpuS)} of a core`,
    cpuPerCallMinute(m).toFixed(3),
    mb(m.rss),
    `${core(m.generatorCpuS)} in ${m.generators} (${m.stallMaxMs.toFixed(0)} ms)`,
    load,
    "",
  ]
    .join(" | ")
    .trim();
}

/** Receiver jitter (RTP timestamps), the senders' own pacing jitter and the gaps, for the notes under the table. */
export function detailLine(m: Measured): string {
  const d = (name: string, x: Direction) =>
    `${name}: ${x.received}/${x.sent} frames, ${x.sequenceGaps} index gaps, receiver jitter ${x.receiverMeanMs.toFixed(2)} ms, sender pacing jitter ${x.pacingMeanMs.toFixed(2)} ms (p99 of senders ${x.pacingP99Ms.toFixed(2)} ms)`;
  return `    ${d("→ agent", m.toAgent)}; ${d("→ trunk", m.toTrunk)}`;
}

/** The level is past the target: more than 0.1 % lost either way, or a call's added jitter p99 over 5 ms. */
export function pastTarget(m: Measured): boolean {
  return [m.toAgent, m.toTrunk].some((d) => !(d.lossPercent <= 0.1) || !(d.addedP99Ms <= 5));
}
