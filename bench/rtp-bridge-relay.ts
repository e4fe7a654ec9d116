/**
 * The appliance side of bench/rtp-bridge.ts, in its own process so its CPU time is its own: N calls, each two
 * RTP legs joined by a bridge, exactly as the media core runs them. It speaks JSON lines on stdin/stdout:
 *   → {"calls":N,"first":PORT}           ← {"ports":[[a,b],...]}    (legs bound)
 *   → {"remotes":[[callerPort,agentPort],...]} ← {"ready":true}
 *   → {"mark":true}                      ← {"marked":true}       (CPU counting starts)
 *   → {"report":true}                    ← {"cpuUserMs":…,"cpuSystemMs":…,"elapsedMs":…,"rss":…,"skipped":…,"sendErrors":…,
 *                                           "maxStallMs":…,"stallsOver20ms":…,"waitingForCpuMs":…}
 * and exits when stdin closes.
 */
import { readFileSync } from "node:fs";
import { Bridge, PortPool, RealtimeScheduler, RtpLeg } from "../src/media/index.ts";
import { silentLogger } from "../src/shared/index.ts";

const scheduler = new RealtimeScheduler();
const legs: RtpLeg[] = [];
const bridges: Bridge[] = [];
/** Nanoseconds the main (event-loop) thread spent runnable but waiting for a core (/proc/self/schedstat). */
function runQueueWaitNs(): number {
  return Number(readFileSync("/proc/self/schedstat", "utf8").split(" ")[1]);
}

let mark = { cpu: process.cpuUsage(), at: performance.now(), waitNs: runQueueWaitNs() };

/** Event-loop stalls: how late a 5 ms timer fires (the relay was busy, collecting garbage, or not on a core). */
const stalls = { max: 0, over20: 0 };
let expected = performance.now() + 5;
const monitor = setInterval(() => {
  const late = performance.now() - expected;
  stalls.max = Math.max(stalls.max, late);
  if (late > 20) stalls.over20++;
  expected = performance.now() + 5;
}, 5);

const write = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function open(calls: number, first: number): Promise<void> {
  const pool = new PortPool({ first, last: first + calls * 4 + 64 });
  for (let i = 0; i < calls * 2; i++) {
    const leg = await RtpLeg.open({ pool, host: "127.0.0.1", scheduler, log: silentLogger });
    if (!leg.ok) throw new Error(leg.error);
    legs.push(leg.value);
  }
  for (let i = 0; i < calls; i++) bridges.push(new Bridge(legs[2 * i] as RtpLeg, legs[2 * i + 1] as RtpLeg, { scheduler }));
  write({ ports: bridges.map((_, i) => [legs[2 * i]?.port, legs[2 * i + 1]?.port]) });
}

function connect(remotes: [number, number][]): void {
  remotes.forEach((pair, i) => {
    pair.forEach((port, side) => {
      // The emulated far ends take RTCP on their RTP port and ignore it there.
      legs[2 * i + side]?.apply({
        codec: "PCMU",
        payloadType: 0,
        dtmfPayloadType: 101,
        direction: "sendrecv",
        remote: { address: "127.0.0.1", port, rtcpPort: port },
      });
    });
  });
  write({ ready: true });
}

function report(): void {
  const cpu = process.cpuUsage(mark.cpu);
  const sendErrors = legs.reduce((n, leg) => n + leg.stats().sent.errors, 0);
  write({
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    elapsedMs: performance.now() - mark.at,
    rss: process.memoryUsage().rss,
    skipped: scheduler.skipped,
    sendErrors,
    maxStallMs: stalls.max,
    waitingForCpuMs: (runQueueWaitNs() - mark.waitNs) / 1e6,
    stallsOver20ms: stalls.over20,
  });
}

for await (const line of console) {
  if (!line.trim()) continue;
  const message = JSON.parse(line);
  if (message.calls) await open(message.calls, message.first);
  else if (message.remotes) connect(message.remotes);
  else if (message.mark) {
    mark = { cpu: process.cpuUsage(), at: performance.now(), waitNs: runQueueWaitNs() };
    write({ marked: true });
  } else if (message.report) report();
}
clearInterval(monitor);
for (const bridge of bridges) bridge.close();
for (const leg of legs) leg.close();
process.exit(0);
