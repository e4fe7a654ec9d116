/** Shared by the benchmarks: the compiled executable, started on loopback, and small statistics. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv, REPO, type Running, run, start, waitUntil } from "../tests/process-helpers.ts";

export const BINARY = join(REPO, "dist", "switchboard");

function newestSourceChange(): number {
  let newest = 0;
  for (const dir of ["src", "views", "static", "migrations"]) {
    for (const entry of readdirSync(join(REPO, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** dist/switchboard, rebuilt when a source file changed after it was built. */
export async function ensureBinary(): Promise<string> {
  const built = statSync(BINARY, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built < newestSourceChange()) {
    const result = await run(["bun", "scripts/build.ts"], { timeoutMs: 180_000 });
    if (result.code !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  }
  return BINARY;
}

/**
 * Starts the executable (or another command, e.g. another build or `bun src/main.ts`) with plain HTTP on
 * 127.0.0.1 and waits (bounded) for /healthz. `wrap` may prefix the command (e.g. taskset).
 */
export async function startServing(
  args: string[],
  port: number,
  opts: { command?: string[]; wrap?: (cmd: string[]) => string[] } = {},
): Promise<Running> {
  const cmd = [...(opts.command ?? [BINARY]), "--tls", "off", "--http-port", String(port), "--log-level", "warn", ...args];
  const app = start(opts.wrap ? opts.wrap(cmd) : cmd, { env: cleanEnv() });
  const url = `http://127.0.0.1:${port}/healthz`;
  await waitUntil("/healthz", async () => ((await fetch(url).catch(() => null))?.status === 200 ? true : undefined), 15_000, app.output);
  return app;
}

/** Resident memory of a process in bytes, from /proc (Linux). */
export async function rssBytes(pid: number): Promise<number> {
  const status = await Bun.file(`/proc/${pid}/status`).text();
  const kb = Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1]);
  return kb * 1024;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const ms = (n: number) => `${n.toFixed(2)} ms`;
export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
