/** sipp (Debian's sip-tester) as a SIP server: the provider's registrar in the trunk tests. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SCENARIOS, sippErrors } from "./sipp.ts";
import { waitFor } from "./support.ts";

export type SippServer = {
  readonly port: number;
  /** Resolves when sipp has run its one call: exit code 0 means every step of the scenario passed. */
  readonly finished: Promise<{ exitCode: number; output: string; errors: string }>;
  kill(): void;
};

/** A UDP or TCP port on 127.0.0.1 that was free a moment ago. */
async function freePort(transport: "UDP" | "TCP"): Promise<number> {
  if (transport === "TCP") {
    const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = server.port;
    server.stop(true);
    return port;
  }
  const socket = await Bun.udpSocket({ hostname: "127.0.0.1", port: 0 });
  const port = socket.port;
  socket.close();
  return port;
}

/** Whether something listens on the port, read from /proc so that checking cannot take the port itself. */
function listening(transport: "UDP" | "TCP", port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const table = readFileSync(transport === "UDP" ? "/proc/net/udp" : "/proc/net/tcp", "utf8").split("\n");
  return table.some((line) => {
    const [, local = "", , state = ""] = line.trim().split(/\s+/);
    return local.endsWith(hex) && (transport === "UDP" || state === "0A");
  });
}

/**
 * Starts sipp on 127.0.0.1 with a scenario from tests/sip/scenarios for one call; resolves once it listens.
 * With `rtpEcho`, sipp also sends back every RTP packet it receives on a media port of its own ([media_port]).
 */
export async function startSippServer(
  scenario: string,
  transport: "UDP" | "TCP" = "UDP",
  timeoutSeconds = 15,
  rtpEcho = false,
): Promise<SippServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(scenario, transport, timeoutSeconds, rtpEcho);
    } catch (error) {
      // sipp binds its media ports (audio and video pairs) before listening: a port another process on the box
      // holds (a browser leg, another test's sipp) is a fresh start on other ports, not a failed test.
      if (attempt === 3 || !/Unable to bind .*RTP socket/.test(String(error))) throw error;
    }
  }
}

async function startOnce(scenario: string, transport: "UDP" | "TCP", timeoutSeconds: number, rtpEcho: boolean): Promise<SippServer> {
  const sipp = Bun.which("sipp");
  if (!sipp) throw new Error("sipp is not installed: apt-get install -y sip-tester (.ci/run does this)");
  const dir = mkdtempSync(join(tmpdir(), "sb-sipp-uas-"));
  const port = await freePort(transport);
  const args = ["-sf", join(SCENARIOS, scenario), "-i", "127.0.0.1", "-p", String(port), "-t", transport === "UDP" ? "u1" : "t1"];
  args.push(
    "-m",
    "1",
    "-timeout",
    `${timeoutSeconds}s`,
    "-timeout_error",
    "-nostdin",
    "-trace_err",
    "-error_file",
    join(dir, "errors.log"),
  );
  if (rtpEcho) args.push("-mp", String(42_000 + 2 * Math.floor(Math.random() * 3_000)), "-rtp_echo");
  const proc = Bun.spawn([sipp, ...args], { cwd: dir, stdout: "pipe", stderr: "pipe", timeout: (timeoutSeconds + 5) * 1000 });
  const finished = (async () => {
    const [exitCode, out, err] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    const errors = sippErrors(join(dir, "errors.log"));
    rmSync(dir, { recursive: true, force: true });
    return { exitCode, output: `${out}${err}`, errors };
  })();
  await waitFor(() => listening(transport, port) || proc.exitCode !== null, `sipp listening on ${transport} ${port}`);
  if (proc.exitCode !== null) throw new Error(`sipp exited at once: ${(await finished).output}`);
  return { port, finished, kill: () => proc.kill() };
}
