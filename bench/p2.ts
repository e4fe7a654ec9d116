/**
 * P2 (FEATURES, issue 5): concurrent bridged calls, SIP trunk ↔ browser agent, G.711 PCMU in 20 ms frames; target
 * ≥ 200 calls on 2 cores with < 0.1 % loss and < 5 ms added jitter, CPU per call and RSS reported.
 * Usage: bun bench/p2.ts [--levels 50,100,150,200,250] [--seconds 20] [--rate 20] [--rtpengine] [--all]
 *   --all: every level runs, even past the target (diagnostic).
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
 * jitter p99 passes 5 ms, or not every call was set up. The generator (this process and sipp) shares the box.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cleanEnv, freePort, REPO, type Running, run, start, waitUntil } from "../tests/process-helpers.ts";
import { mb } from "./lib.ts";
import { cpuPerCallMinute, detailLine, loadavg, type Measured, pastTarget, TABLE_HEAD, tableRow, Traffic } from "./p2-level.ts";
import { connectPhones } from "./p2-phones.ts";
import { runRtpengineLevel } from "./p2-rtpengine.ts";
import { P2_DID } from "./p2-seed.ts";
import { FarEnd } from "./rtp-far-ends.ts";

const { values } = parseArgs({
  options: {
    levels: { type: "string", default: "50,100,150,200,250" },
    seconds: { type: "string", default: "20" },
    rate: { type: "string", default: "20" },
    rtpengine: { type: "boolean", default: false },
    all: { type: "boolean", default: false },
  },
});
const LEVELS = values.levels.split(",").map(Number);
const SECONDS = Number(values.seconds);
const RATE = Number(values.rate);
const SCENARIO = join(REPO, "bench", "scenarios", "p2-caller.xml");

async function seed(dataDir: string, calls: number): Promise<{ cookies: string[] }> {
  const seeding = await run(["bun", "bench/p2-seed.ts", dataDir, String(calls)], { timeoutMs: 60_000 });
  if (seeding.code !== 0) throw new Error(`seeding failed: ${seeding.stderr}`);
  return JSON.parse(seeding.stdout);
}

async function startAppliance(dataDir: string) {
  const [httpPort, sipPort] = [freePort(), freePort()];
  const base = `http://127.0.0.1:${httpPort}`;
  const args = ["--tls", "off", "--http-host", "127.0.0.1", "--http-port", String(httpPort), "--sip-port", String(sipPort)];
  const app = start(["bun", "src/main.ts", "serve", ...args, "--data-dir", dataDir, "--log-level", "warn"], { env: cleanEnv() });
  const healthy = async () => ((await fetch(`${base}/healthz`).catch(() => null))?.status === 200 ? true : undefined);
  await waitUntil("/healthz", healthy, 20_000, app.output);
  return { app, base, sipPort };
}

/** sipp placing one call per far end (its port in the injection file), each held for `holdS`. */
function placeCalls(dir: string, sipPort: number, ports: number[], holdS: number): Running {
  const injection = join(dir, "far-ends.csv");
  writeFileSync(injection, `SEQUENTIAL\n${ports.map((p) => `${p};`).join("\n")}\n`);
  const args = [`127.0.0.1:${sipPort}`, "-sf", SCENARIO, "-inf", injection, "-i", "127.0.0.1", "-t", "u1", "-s", P2_DID];
  args.push("-r", String(RATE), "-m", String(ports.length), "-d", String(holdS * 1000), "-timeout", `${holdS + 60}s`, "-nostdin");
  return start(["sipp", ...args], { cwd: dir });
}

async function stopped(r: Running | null): Promise<void> {
  if (!r) return;
  r.proc.kill("SIGKILL");
  await r.proc.exited;
}

async function runLevel(calls: number): Promise<Measured> {
  const dataDir = mkdtempSync(join(tmpdir(), "sb-bench-p2-"));
  const { cookies } = await seed(dataDir, calls);
  const { app, base, sipPort } = await startAppliance(dataDir);
  const traffic = new Traffic();
  let sipp: Running | null = null;
  const trunk: FarEnd[] = [];
  const phones: Awaited<ReturnType<typeof connectPhones>> = [];
  try {
    phones.push(...(await connectPhones(base, cookies, traffic.currentWindow)));
    for (let i = 0; i < calls; i++) trunk.push(await FarEnd.open(traffic.currentWindow, 0x5000 + i));
    traffic.start(
      trunk,
      phones.map((p) => p.end),
    );
    const setUpS = calls / RATE + 30;
    sipp = placeCalls(
      dataDir,
      sipPort,
      trunk.map((f) => f.port),
      setUpS + SECONDS + 30,
    );
    const deadline = performance.now() + setUpS * 1000;
    while (traffic.bridged() < calls && performance.now() < deadline) await Bun.sleep(100);
    if (traffic.bridged() < calls)
      console.log(`  only ${traffic.bridged()} of ${calls} calls bridged; sipp:\n${sipp.output().slice(-1500)}`);
    return await traffic.measure(app.proc.pid, SECONDS);
  } finally {
    traffic.stop();
    await stopped(sipp);
    await app.stop();
    await Promise.all(phones.map((p) => p.close()));
    for (const f of trunk) f.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`P2: ${new Date().toISOString()}, ${cpus().length} × ${cpus()[0]?.model}, ${mb(totalmem())}, Bun ${Bun.version}`);
console.log(`levels ${LEVELS.join(", ")}; calls placed by sipp at ${RATE}/s; ${SECONDS} s measured after 2 s warm-up`);
console.log("trunk side: sipp for SIP, the bench's own RTP far ends for the media; agent side: werift peers over /phone/ws");
console.log(TABLE_HEAD.join("\n"));
for (const calls of LEVELS) {
  const load = loadavg();
  const ours = await runLevel(calls);
  console.log(tableRow("Switchboard", calls, ours, load));
  console.log(detailLine(ours));
  if (values.rtpengine) {
    const reference = loadavg();
    const theirs = await runRtpengineLevel(calls, SECONDS);
    console.log(tableRow("rtpengine", calls, theirs, reference));
    console.log(detailLine(theirs));
    console.log(`    CPU per call, Switchboard ÷ rtpengine: ${(cpuPerCallMinute(ours) / cpuPerCallMinute(theirs)).toFixed(1)}×`);
  }
  if (!values.all && (pastTarget(ours) || ours.calls < calls)) {
    console.log(`stopped at ${calls}: ${ours.calls < calls ? "not every call was set up" : "loss or added jitter past the target"}`);
    break;
  }
}
