/**
 * P5: the executable starts serving in < 300 ms and idles below 100 MB RSS.
 * Usage: bun bench/startup.ts [RUNS]   (default 10)
 *
 * Time is from spawning the process to the first /healthz 200; RSS is VmRSS after 5 s of idling.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cleanEnv, freePort } from "../tests/process-helpers.ts";
import { ensureBinary, mb, ms, percentile, rssBytes } from "./lib.ts";

const RUNS = Number(process.argv[2] ?? 10);
const IDLE_MS = 5_000;

type Mode = { name: string; tls: boolean; reuseDataDir: boolean; measureRss: boolean };
const MODES: Mode[] = [
  { name: "empty data folder, --tls off          ", tls: false, reuseDataDir: false, measureRss: true },
  { name: "empty data folder, self-signed HTTPS  ", tls: true, reuseDataDir: false, measureRss: false },
  { name: "existing data folder, HTTPS (restart) ", tls: true, reuseDataDir: true, measureRss: true },
];

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { tls: { rejectUnauthorized: false } })).status === 200;
  } catch {
    return false;
  }
}

/** One start: milliseconds to the first 200, and the idle RSS when asked for. */
async function startOnce(binary: string, dataDir: string, mode: Mode): Promise<{ startMs: number; rss: number | null }> {
  const port = freePort();
  const args = ["--data-dir", dataDir, "--http-host", "127.0.0.1", "--http-port", String(port), "--sip-port", String(freePort())];
  if (!mode.tls) args.push("--tls", "off");
  const url = `${mode.tls ? "https" : "http"}://127.0.0.1:${port}/healthz`;
  const t0 = performance.now();
  const proc = Bun.spawn([binary, ...args, "--log-level", "warn"], { env: cleanEnv(), stdout: "ignore", stderr: "inherit" });
  try {
    while (!(await healthy(url))) {
      if (performance.now() - t0 > 10_000) throw new Error("no /healthz 200 within 10 s");
      await Bun.sleep(2);
    }
    const startMs = performance.now() - t0;
    if (!mode.measureRss) return { startMs, rss: null };
    await Bun.sleep(IDLE_MS);
    return { startMs, rss: await rssBytes(proc.pid) };
  } finally {
    proc.kill("SIGTERM");
    await proc.exited;
  }
}

async function main() {
  const binary = await ensureBinary();
  console.log(`P5 startup: ${RUNS} runs per mode of ${binary}`);
  for (const mode of MODES) {
    const shared = mkdtempSync(join(tmpdir(), "sb-bench-start-"));
    if (mode.reuseDataDir) await startOnce(binary, shared, { ...mode, measureRss: false }); // migrate and make the certificate
    const starts: number[] = [];
    const rss: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const dataDir = mode.reuseDataDir ? shared : join(shared, `run-${i}`);
      const r = await startOnce(binary, dataDir, mode);
      starts.push(r.startMs);
      if (r.rss !== null) rss.push(r.rss);
    }
    rmSync(shared, { recursive: true, force: true });
    starts.sort((a, b) => a - b);
    rss.sort((a, b) => a - b);
    const memory = rss.length ? `  idle RSS median ${mb(percentile(rss, 50))} max ${mb(rss.at(-1) as number)}` : "";
    console.log(
      `${mode.name} start median ${ms(percentile(starts, 50))}  p90 ${ms(percentile(starts, 90))}  max ${ms(starts.at(-1) as number)}${memory}`,
    );
  }
}

await main();
