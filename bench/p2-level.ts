/**
 * One P2 level's traffic and figures, the same for the appliance (bench/p2.ts) and rtpengine
 * (bench/p2-rtpengine.ts): plain RTP far ends on the trunk side, werift peers on the browser side, each sending
 * a stamped 20 ms PCMU frame every 20 ms (the calls spread over the 20 ms in ten groups). The relay's CPU is
 * utime + stime from /proc/PID/stat over the measured seconds only (not setup or teardown).
 */
import { readFileSync } from "node:fs";
import { mb, rssBytes } from "./lib.ts";
import { pace, SLOTS, transitDiffs } from "./rtp-far-ends.ts";
import { histogramPercentile, type StreamMeter } from "./rtp-meter.ts";
import { webrtcDiffs } from "./webrtc-end.ts";

type End = { send(): void; readonly stream: StreamMeter };
const TICKS_PER_S = 100; // USER_HZ on Linux

export const loadavg = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

/** CPU seconds (user + system, all threads) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

export class Traffic {
  window = 0;
  readonly currentWindow = () => this.window;
  #trunk: End[] = [];
  #agents: End[] = [];
  #stop: (() => void) | null = null;

  constructor() {
    transitDiffs.fill(0);
    webrtcDiffs.fill(0);
  }

  /** Every end sends from now on (an end without a peer yet sends nothing). */
  start(trunk: End[], agents: End[]): void {
    [this.#trunk, this.#agents] = [trunk, agents];
    this.#stop = pace((slot) => {
      for (let i = slot; i < Math.max(this.#trunk.length, this.#agents.length); i += SLOTS) {
        this.#trunk[i]?.send();
        this.#agents[i]?.send();
      }
    });
  }

  /** Calls whose audio flows both ways already: as many as the ends that hear the other side, on the side with fewer. */
  bridged(): number {
    const heard = (ends: End[]) => ends.filter((e) => e.stream.heard > 0).length;
    return Math.min(heard(this.#trunk), heard(this.#agents));
  }

  /** Drops the ends that never heard the other side (calls not set up), warms up, then measures for `seconds`. */
  async measure(relayPid: number, seconds: number, warmUpMs = 2000): Promise<Measured> {
    const through = (e: End) => e.stream.heard > 0;
    [this.#trunk, this.#agents] = [this.#trunk.filter(through), this.#agents.filter(through)];
    await Bun.sleep(warmUpMs);
    const stalls = watchStalls();
    const [relayBefore, selfBefore, at] = [cpuSeconds(relayPid), process.cpuUsage(), performance.now()];
    this.window = 1;
    await Bun.sleep(seconds * 1000);
    this.window = 2;
    const relayCpuS = cpuSeconds(relayPid) - relayBefore;
    const self = process.cpuUsage(selfBefore);
    const elapsedS = (performance.now() - at) / 1000;
    const rss = await rssBytes(relayPid);
    const stallMaxMs = stalls.stop();
    await Bun.sleep(500); // frames in flight arrive
    this.#stop?.();
    return {
      calls: Math.min(this.#trunk.length, this.#agents.length),
      elapsedS,
      relayCpuS,
      generatorCpuS: (self.user + self.system) / 1e6,
      stallMaxMs,
      rss,
      toAgent: direction(this.#trunk, this.#agents, webrtcDiffs),
      toTrunk: direction(this.#agents, this.#trunk, transitDiffs),
    };
  }

  stop(): void {
    this.#stop?.();
  }
}

export type Measured = {
  calls: number;
  elapsedS: number;
  relayCpuS: number;
  generatorCpuS: number;
  stallMaxMs: number;
  rss: number;
  toAgent: Direction;
  toTrunk: Direction;
};
type Direction = ReturnType<typeof direction>;

/** How late a 5 ms timer of this (generator) process fires, at worst. */
function watchStalls() {
  let [max, expected] = [0, performance.now() + 5];
  const timer = setInterval(() => {
    max = Math.max(max, performance.now() - expected);
    expected = performance.now() + 5;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return max;
    },
  };
}

function direction(senders: End[], receivers: End[], histogram: Uint32Array) {
  const sent = senders.reduce((n, e) => n + e.stream.sent, 0);
  const received = receivers.reduce((n, e) => n + e.stream.received, 0);
  const perStream = (f: (s: StreamMeter) => number) =>
    receivers
      .filter((e) => e.stream.received > 0)
      .map((e) => f(e.stream))
      .sort((a, b) => a - b);
  const added = perStream((s) => s.jitterSum / s.received);
  const receiver = perStream((s) => s.receiverJitterSum / s.received);
  const pacing = senders.map((e) => e.stream.pacingJitterSum / Math.max(1, e.stream.sent - 1));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    sent,
    received,
    lossPercent: sent ? (100 * (sent - received)) / sent : Number.NaN,
    sequenceGaps: receivers.reduce((n, e) => n + e.stream.sequenceGaps, 0),
    addedMeanMs: mean(added),
    addedP99Ms: added[Math.max(0, Math.ceil(0.99 * added.length) - 1)] ?? Number.NaN,
    transitP99Ms: histogramPercentile(histogram, 99),
    receiverMeanMs: mean(receiver),
    pacingMeanMs: mean(pacing),
  };
}

/** CPU-seconds per call-minute: the relay's CPU over the window, per call, scaled to a minute. */
export const cpuPerCallMinute = (m: Measured) => m.relayCpuS / ((m.calls * m.elapsedS) / 60);

export const TABLE_HEAD = [
  "| relay | calls | loss → agent / → trunk | added jitter mean → agent / → trunk | added jitter p99 of calls → agent / → trunk | transit variation p99 → agent / → trunk | relay CPU | CPU-s per call-minute | relay RSS | generator CPU (stall max) | load avg before |",
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
    `${core(m.generatorCpuS)} (${m.stallMaxMs.toFixed(0)} ms)`,
    load,
    "",
  ]
    .join(" | ")
    .trim();
}

/** Receiver jitter (RTP timestamps), the senders' own pacing jitter and the gaps, for the notes under the table. */
export function detailLine(m: Measured): string {
  const d = (name: string, x: Direction) =>
    `${name}: ${x.received}/${x.sent} frames, ${x.sequenceGaps} index gaps, receiver jitter ${x.receiverMeanMs.toFixed(2)} ms, sender pacing jitter ${x.pacingMeanMs.toFixed(2)} ms`;
  return `    ${d("→ agent", m.toAgent)}; ${d("→ trunk", m.toTrunk)}`;
}

/** The level is past the target: more than 0.1 % lost either way, or a call's added jitter p99 over 5 ms. */
export function pastTarget(m: Measured): boolean {
  return [m.toAgent, m.toTrunk].some((d) => !(d.lossPercent <= 0.1) || !(d.addedP99Ms <= 5));
}
