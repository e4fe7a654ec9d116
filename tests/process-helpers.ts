/** Running the appliance as a real process in tests: bounded waits, clean environment, output captured. */
import type { Subprocess } from "bun";

export const REPO = `${import.meta.dir}/..`;

/** PATH and HOME only, so a developer's SWITCHBOARD_* variables cannot change a test. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...extra };
}

export type RunResult = { code: number; stdout: string; stderr: string };

/** Runs a command to its end (killed after timeoutMs) and returns its exit code and output. */
export async function run(
  cmd: string[],
  opts: { cwd?: string; env?: Record<string, string>; stdin?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const proc = Bun.spawn(cmd, {
    cwd: opts.cwd ?? REPO,
    env: opts.env ?? cleanEnv(),
    stdin: opts.stdin === undefined ? "ignore" : new Blob([opts.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), opts.timeoutMs ?? 20_000);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

export type Running = {
  proc: Subprocess<"ignore", "pipe", "pipe">;
  /** Everything printed so far, stdout and stderr together. */
  output: () => string;
  stdout: () => string;
  stop: () => Promise<number>;
};

/** Starts a long-running command and keeps everything it prints. */
export function start(cmd: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Running {
  const proc = Bun.spawn(cmd, { cwd: opts.cwd ?? REPO, env: opts.env ?? cleanEnv(), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let both = "";
  let out = "";
  const pump = async (stream: ReadableStream<Uint8Array>, isStdout: boolean) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      const text = decoder.decode(chunk, { stream: true });
      both += text;
      if (isStdout) out += text;
    }
  };
  void pump(proc.stdout, true);
  void pump(proc.stderr, false);
  return {
    proc,
    output: () => both,
    stdout: () => out,
    async stop() {
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
      const code = await proc.exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls until check() returns a value (not undefined), or fails after timeoutMs with the process output. */
export async function waitUntil<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
  output = () => "",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${output()}`);
    await Bun.sleep(25);
  }
}

/** The first match of re in the process output, waiting for it to appear. */
export function waitForOutput(p: Running, re: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  return waitUntil(`${re} in the output`, () => p.output().match(re) ?? undefined, timeoutMs, p.output);
}

/** A TCP port nothing listens on right now (on 127.0.0.1). */
export function freePort(): number {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

/** Builds the compiled executable into outfile (bounded), as `npm run build` does. */
export async function buildExecutable(outfile: string): Promise<void> {
  const result = await run(["bun", "scripts/build.ts", outfile], { timeoutMs: 120_000 });
  if (result.code !== 0) throw new Error(`build failed:\n${result.stdout}\n${result.stderr}`);
}

/** `serve` options for a test: the data folder, plain HTTP on 127.0.0.1:port, SIP on a port of the system's choice. */
export const loopbackServeArgs = (dataDir: string, port: number) => [
  "--data-dir",
  dataDir,
  "--tls",
  "off",
  "--http-host",
  "127.0.0.1",
  "--http-port",
  String(port),
  "--sip-port",
  "0",
];
