/** Runs Debian's sipp (package sip-tester) as a SIP peer and reads back its exit code and statistics. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SCENARIOS = join(import.meta.dir, "scenarios");

export type SippOptions = {
  /** A file in tests/sip/scenarios. */
  readonly scenario: string;
  readonly transport: "UDP" | "TCP";
  readonly port: number;
  /** Calls to make (-m); each must finish within the global timeout. */
  readonly calls?: number;
  /** New calls per second (-r). */
  readonly rate?: number;
  readonly timeoutSeconds?: number;
  /** The loopback address sipp sends from (-i); 127.0.0.1 unless told. */
  readonly from?: string;
  /** The dialled number ([service] in the scenario); sipp's default "service" when not given. */
  readonly service?: string;
};

export type SippRun = {
  /** 0: every call succeeded; 1: at least one failed; 97, 99, 255, 254: see `sipp -h`. */
  readonly exitCode: number;
  /** The last line of sipp's statistics, by column name (SuccessfulCall(C), FailedCall(C), Retransmissions(C)…). */
  readonly stats: Readonly<Record<string, number>>;
  readonly output: string;
  /** Unexpected messages sipp logged, if any. */
  readonly errors: string;
};

export async function runSipp(o: SippOptions): Promise<SippRun> {
  const sipp = Bun.which("sipp");
  if (!sipp) throw new Error("sipp is not installed: apt-get install -y sip-tester (.ci/run does this)");
  const dir = mkdtempSync(join(tmpdir(), "sb-sipp-"));
  const timeout = o.timeoutSeconds ?? 10;
  try {
    const args = [
      `127.0.0.1:${o.port}`,
      "-sf",
      join(SCENARIOS, o.scenario),
      "-i",
      o.from ?? "127.0.0.1",
      "-t",
      o.transport === "UDP" ? "u1" : "t1",
    ];
    args.push("-m", String(o.calls ?? 1), "-r", String(o.rate ?? 10), "-timeout", `${timeout}s`, "-timeout_error", "-nostdin");
    if (o.service) args.push("-s", o.service);
    args.push("-trace_stat", "-stf", join(dir, "stats.csv"), "-trace_err", "-error_file", join(dir, "errors.log"));
    // The kill is a safety net only: -timeout ends sipp first.
    const proc = Bun.spawn([sipp, ...args], { cwd: dir, stdout: "pipe", stderr: "pipe", timeout: (timeout + 5) * 1000 });
    const [exitCode, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    return { exitCode, stats: readStats(join(dir, "stats.csv")), output: `${out}${err}`, errors: sippErrors(join(dir, "errors.log")) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function readStats(file: string): Record<string, number> {
  const lines = readOptional(file).trim().split("\n");
  const names = (lines[0] ?? "").split(";");
  const values = (lines[lines.length - 1] ?? "").split(";");
  return Object.fromEntries(names.map((name, i) => [name, Number(values[i])]));
}

function readOptional(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/**
 * sipp's error log without its own overload warnings: those say the test machine was busy (sipp's
 * scheduler ran late), not that a message was wrong. An empty string means no protocol error.
 */
export function sippErrors(file: string): string {
  const text = readOptional(file).replace(/[^\n]*?Overload warning: [^\n]*?trips remaining\./g, "");
  return text.replace("The following events occurred:", "").trim();
}
