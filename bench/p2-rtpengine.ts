/**
 * The P2 load through rtpengine, the reference relay (issue 5): N calls, each a plain RTP far end on one side and
 * a werift peer over ICE + DTLS-SRTP on the other, the same generator and 20 ms PCMU frames as bench/p2.ts
 * (bench/p2-level.ts, calls set up by bench/p2-rtpengine-calls.ts in the generator processes), set up through
 * rtpengine's ng protocol on loopback (bench/ng-client.ts), no SIP. Pinned as the appliance is: rtpengine on
 * CPU 0, the generator on CPU 1.
 * rtpengine runs userspace only (table = -1), as ../shared/bench-notes/rtpengine.md describes.
 * Needs the Debian package (bench only, not in .ci/run): apt-get install -y --no-install-recommends rtpengine-daemon
 * Usage: bun bench/p2-rtpengine.ts [--levels 50,100,200] [--seconds 20] [--generators N] [--no-pin]
 * (bun bench/p2.ts --rtpengine runs each level through both and prints the CPU ratio.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, type Running, start, waitForOutput } from "../tests/process-helpers.ts";
import { detailLine, Generators, loadavg, type Measured, type Pinning, pinning, pinned, TABLE_HEAD, tableRow } from "./p2-level.ts";
import { NgClient } from "./ng-client.ts";

function startRtpengine(dir: string, ngPort: number, pin: Pinning): Running {
  const config = [
    "[rtpengine]",
    "table = -1",
    "interface = 127.0.0.1",
    `listen-ng = 127.0.0.1:${ngPort}`,
    "foreground = true",
    "log-stderr = true",
    "log-level = 6", // "Startup complete" is logged at 6; nothing per packet
    "port-min = 40000",
    "port-max = 49999",
    "num-threads = 2",
    "timeout = 60",
    "delete-delay = 0",
  ];
  writeFileSync(join(dir, "rtpengine.conf"), `${config.join("\n")}\n`);
  const cmd = ["rtpengine", `--config-file=${join(dir, "rtpengine.conf")}`, `--pidfile=${join(dir, "rtpengine.pid")}`];
  return start(pinned(cmd, pin.relay), { cwd: dir });
}

/** N calls through a fresh rtpengine, measured for `seconds` after they all flow both ways. */
export async function runRtpengineLevel(calls: number, seconds: number, pin: Pinning, generatorCount: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), "sb-bench-rtpengine-"));
  const ngPort = freePort();
  const rtpengine = startRtpengine(dir, ngPort, pin);
  const generators = await Generators.start(generatorCount);
  try {
    await waitForOutput(rtpengine, /Startup complete/, 15_000);
    const ng = await NgClient.open(ngPort);
    await ng.request({ command: "ping" });
    ng.close();
    const shares = generators.shares(calls);
    await generators.setUp(shares.map(([first, count]) => ({ kind: "rtpengine", ngPort, first, calls: count })));
    await generators.start();
    await generators.waitBridged(generators.target, 10_000);
    return await generators.measure(rtpengine.proc.pid, seconds);
  } finally {
    await generators.close();
    await rtpengine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      levels: { type: "string", default: "50,100,200" },
      seconds: { type: "string", default: "20" },
      generators: { type: "string", default: "0" },
      "no-pin": { type: "boolean", default: false },
    },
  });
  const pin = pinning(!values["no-pin"]);
  console.log(TABLE_HEAD.join("\n"));
  for (const calls of values.levels.split(",").map(Number)) {
    const load = loadavg();
    const m = await runRtpengineLevel(calls, Number(values.seconds), pin, Number(values.generators) || Generators.auto(calls));
    console.log(tableRow("rtpengine", calls, m, load));
    console.log(detailLine(m));
  }
}
