/**
 * sipp as the SIP provider calling the appliance, with RTP: it plays Debian's example A-law capture and,
 * with -rtp_echo, sends back every RTP packet it receives. The run can be awaited or killed mid-call.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SCENARIOS, sippErrors } from "./sipp.ts";

/** sip-tester's example capture (30 ms A-law frames, 7 s), used where Debian installs it; never copied. */
export const PCAP = "/usr/share/sip-tester/g711a.pcap";

export type CallerOptions = {
  /** uac-inbound-rtp.xml (the caller hangs up after `pauseMs`) or uac-inbound-hangup.xml (waits for our BYE). */
  readonly scenario: string;
  readonly sipPort: number;
  /** The dialled number ([service] in the scenario). */
  readonly did: string;
  readonly pauseMs?: number;
  readonly timeoutSeconds?: number;
};

export type CallerRun = {
  readonly mediaPort: number;
  /** sipp's exit code (0: the call went as scripted) and what it printed and logged as unexpected. */
  readonly done: Promise<{ exitCode: number; output: string; errors: string }>;
  /** Ends sipp at once, as a provider that vanishes mid-call (no BYE, its ports closed). */
  kill(): void;
};

export function startCaller(o: CallerOptions): CallerRun {
  const sipp = Bun.which("sipp");
  if (!sipp) throw new Error("sipp is not installed: apt-get install -y sip-tester (.ci/run does this)");
  const timeout = o.timeoutSeconds ?? 20;
  let mediaPort = 0;
  let proc: ReturnType<typeof Bun.spawn> | null = null;
  let killed = false;
  const run = async () => {
    const dir = mkdtempSync(join(tmpdir(), "sb-caller-"));
    mediaPort = 40_000 + 2 * Math.floor(Math.random() * 4_000);
    const args = [`127.0.0.1:${o.sipPort}`, "-sf", join(SCENARIOS, o.scenario), "-i", "127.0.0.1", "-t", "u1"];
    args.push("-s", o.did, "-mi", "127.0.0.1", "-mp", String(mediaPort), "-rtp_echo", "-d", String(o.pauseMs ?? 0));
    args.push("-m", "1", "-timeout", `${timeout}s`, "-timeout_error", "-nostdin", "-trace_err", "-error_file", join(dir, "errors.log"));
    const p = Bun.spawn([sipp, ...args], { cwd: dir, stdout: "pipe", stderr: "pipe", timeout: (timeout + 5) * 1000 });
    proc = p;
    const [exitCode, out, err] = await Promise.all([p.exited, new Response(p.stdout).text(), new Response(p.stderr).text()]);
    const errors = sippErrors(join(dir, "errors.log"));
    rmSync(dir, { recursive: true, force: true });
    return { exitCode, output: `${out}${err}`, errors };
  };
  const done = (async () => {
    for (let attempt = 1; ; attempt++) {
      const result = await run();
      // sipp binds its media ports (audio and video pairs) before sending anything: a port some other process on
      // the box holds is a fresh start on other ports, not a failed call.
      if (killed || attempt === 3 || !/Unable to bind .*RTP socket/.test(result.output)) return result;
    }
  })();
  return {
    get mediaPort() {
      return mediaPort;
    },
    done,
    kill: () => {
      killed = true;
      proc?.kill("SIGKILL");
    },
  };
}

/** The SSRC of the capture's RTP stream: frames with any other source came back from sipp's echo. */
export function pcapSsrc(): number {
  const file = readFileSync(PCAP);
  if (file.readUInt32LE(0) !== 0xa1b2c3d4 || file.readUInt32LE(20) !== 1) throw new Error(`${PCAP}: not an Ethernet capture`);
  // Global header, record header, then Ethernet (14), IPv4 (20) and UDP (8) before the RTP header.
  return file.readUInt32BE(24 + 16 + 14 + 20 + 8 + 8);
}
