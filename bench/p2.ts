/**
 * P2 (FEATURES, issue 5): concurrent bridged calls, SIP trunk ↔ browser agent, G.711 PCMU in 20 ms frames; target
 * ≥ 200 calls on 2 cores with < 0.1 % loss and < 5 ms added jitter, CPU per call and RSS reported.
 * Usage: bun bench/p2.ts [--levels 50,100,150,200,250] [--seconds 20] [--rate 20] [--rtpengine] [--all]
 *          [--max-calls 200] [--generators N] [--no-pin]
 *   --all: every level runs, even past the target (diagnostic).
 *   --max-calls: passed to the appliance (its limit of calls at once); raised to the level when a level is above it.
 *   --generators: processes the generator is split over (default one per 50 calls, bench/p2-generator.ts).
 *   --cpu-prof DIR: the appliance writes a CPU profile (.cpuprofile and .md) into DIR when it stops.
 *   --no-pin: leave the processes unpinned. By default, with 2+ CPUs, the appliance runs on CPU 0 and the bench
 *   (generator processes, sipp) on CPU 1 (taskset), so the appliance has one whole core to itself.
 *   --rtpengine: each level is run again through rtpengine (bench/p2-rtpengine.ts; needs the Debian package
 *   rtpengine-daemon) and our CPU per call is given as a ratio to it.
 *
 * Per level N: a fresh data folder (bench/p2-seed.ts: trunk in IP mode for 127.0.0.1, a voice queue of N agents
 * who auto-answer), the appliance from source on loopback, N agents signed in with a werift peer as their
 * browser phone (bench/p2-phones.ts), and N calls placed by sipp (bench/scenarios/p2-caller.xml) at --rate a
 * second. sipp does the SIP only: each call's SDP names one of this process's RTP far ends
 * (bench/rtp-far-ends.ts), which latches onto the appliance's hold music and then talks, so every frame is
 * counted and timed on both sides. Once every call is bridged (each side hears the other), 2 s warm-up, then
 * --seconds measured (bench/p2-level.ts). N is raised until a level loses > 0.1 % either way, a call's added
 * jitter p99 passes 5 ms, or not every call was set up.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanEnv, freePort, REPO, type Running, run, start, waitUntil } from "../tests/process-helpers.ts";
import { mb } from "./lib.ts";
import {
  cpuPerCallMinute,
  detailLine,
  Generators,
  loadavg,
  type Measured,
  pastTarget,
  pinned,
  pinning,
  TABLE_HEAD,
  tableRow,
} from "./p2-level.ts";
import { runRtpengineLevel } from "./p2-rtpengine.ts";
import { P2_DID } from "./p2-seed.ts";

const { values } = parseArgs({
  options: {
    levels: { type: "string", default: "50,100,150,200,250" },
    seconds: { type: "string", default: "20" },
    rate: { type: "string", default: "20" },
    rtpengine: { type: "boolean", default: false },
    all: { type: "boolean", default: false },
    "max-calls": { type: "string", default: "200" },
    generators: { type: "string", default: "0" },
    "no-pin": { type: "boolean", default: false },
    "cpu-prof": { type: "string" },
  },
});
const LEVELS = values.levels.split(",").map(Number);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const SCENARIO = join(REPO, "bench", "scenarios", "p2-caller.xml");
const PIN = pinning(!values["no-pin"]);
const generatorsFor = (calls: number) => Number(values.generators) || Generators.auto(calls);

async function seed(dataDir: string, calls: number): Promise<{ cookies: string[] }> {
  const seeding = await run(["bun", "bench/p2-seed.ts", dataDir, String(calls)], { timeoutMs: 60_000 });
  if (seeding.code !== 0) throw new Error(`seeding failed: ${seeding.stderr}`);
  return JSON.parse(seeding.stdout);
}

async function startAppliance(dataDir: string, calls: number) {
  const [httpPort, sipPort] = [freePort(), freePort()];
  const base = `http://127.0.0.1:${httpPort}`;
  const args = ["--tls", "off", "--http-host", "127.0.0.1", "--http-port", String(httpPort), "--sip-port", String(sipPort)];
  args.push("--max-calls", String(Math.max(calls, Number(values["max-calls"]))), "--data-dir", dataDir, "--log-level", "warn");
  const profile = values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-md", `--cpu-prof-dir=${values["cpu-prof"]}`] : [];
  const app = start(pinned(["bun", ...profile, "src/main.ts", "serve", ...args], PIN.relay), { env: cleanEnv() });
  const healthy = async () => ((await fetch(`${base}/healthz`).catch(() => null))?.status === 200 ? true : undefined);
  await waitUntil("/healthz", healthy, 20_000, app.output);
  return { app, base, sipPort };
}

/** sipp placing one call per far end (its port in the injection file), each held for `holdS`. */
function placeCalls(dir: string, sipPort: number, ports: number[], holdS: number): Running {
  const injection = join(dir, "far-ends.csv");
  writeFileSync(injection, `SEQUENTIAL\n${ports.map((p) => `${p};`).join("\n")}\n`);
  const args = [`127.0.0.1:${sipPort}`, "-sf", SCENARIO, "-inf", injection, "-i", "127.0.0.1", "-t", "u1", "-s", P2_DID];
  args.push("-trace_err", "-error_file", join(dir, "sipp-errors.log"));
  args.push("-r", String(RATE), "-m", String(ports.length), "-d", String(holdS * 1000), "-timeout", `${holdS + 60}s`, "-nostdin");
  return start(["sipp", ...args], { cwd: dir });
}

const sippErrors = (dir: string) =>
  existsSync(join(dir, "sipp-errors.log")) ? readFileSync(join(dir, "sipp-errors.log"), "utf8").slice(-3000) : "";

async function stopped(r: Running | null): Promise<void> {
  if (!r) return;
  r.proc.kill("SIGKILL");
  await r.proc.exited;
}

async function runLevel(calls: number): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-bench-p2-"));
  const { cookies } = await seed(dataDir, calls);
  const { app, base, sipPort } = await startAppliance(dataDir, calls);
  const generators = await Generators.start(generatorsFor(calls));
  let sipp: Running | null = null;
  try {
    const jobs = generators.shares(calls).map(([first, count]) => ({
      kind: "appliance" as const,
      base,
      cookies: cookies.slice(first, first + count),
      firstSsrc: 0x5000 + first,
      farEnds: count,
    }));
    const ports = await generators.setUp(jobs);
    await generators.start();
    const setUpS = calls / RATE + 30;
    sipp = placeCalls(dataDir, sipPort, ports, setUpS + SECONDS + 30);
    const bridged = await generators.waitBridged(calls, setUpS * 1000);
    if (bridged < calls)
      console.log(`  only ${bridged} of ${calls} calls bridged; sipp:\n${sipp.output().slice(-1500)}\n${sippErrors(dataDir)}`);
    const measured = await generators.measure(app.proc.pid, SECONDS);
    const failed = /Failed call\s+\|\s+\d+\s+\|\s+(\d+)/.exec(sipp.output())?.[1];
    if (failed && failed !== "0") console.log(`  sipp: ${failed} failed calls\n${sippErrors(dataDir)}`);
    return measured;
  } finally {
    await generators.close();
    await stopped(sipp);
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`P2: ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, ${mb(totalmem())}, Bun ${Bun.version}`);
console.log(`levels ${LEVELS.join(", ")}; calls placed by sipp at ${RATE}/s; ${SECONDS} s measured after 2 s warm-up`);
console.log("trunk side: sipp for SIP, the bench's own RTP far ends for the media; agent side: werift peers over /phone/ws");
console.log(PIN.relay === null ? "not pinned" : `pinned: relay on CPU ${PIN.relay}, generator and sipp on CPU ${PIN.generator}`);
console.log(TABLE_HEAD.join("\n"));
for (const calls of LEVELS) {
  const load = loadavg();
  const ours = await runLevel(calls);
  console.log(tableRow("Switchboard", calls, ours, load));
  console.log(detailLine(ours));
  if (values.rtpengine) {
    const reference = loadavg();
    const theirs = await runRtpengineLevel(calls, SECONDS, PIN, generatorsFor(calls));
    console.log(tableRow("rtpengine", calls, theirs, reference));
    console.log(detailLine(theirs));
    console.log(`    CPU per call, Switchboard ÷ rtpengine: ${(cpuPerCallMinute(ours) / cpuPerCallMinute(theirs)).toFixed(1)}×`);
  }
  if (!values.all && (pastTarget(ours) || ours.calls < calls)) {
    console.log(`stopped at ${calls}: ${ours.calls < calls ? "not every call was set up" : "loss or added jitter past the target"}`);
    break;
  }
}
