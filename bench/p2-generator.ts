/**
 * One process of the P2 load generator (bench/p2-level.ts starts several, each with a share of the calls): its
 * trunk-side RTP far ends and agent-side werift peers, paced from its own event loop, so no single loop has to
 * keep 200 calls × 2 streams on time. The parent drives it over IPC, one command at a time, and sums up what
 * the processes report. Ends paired across processes still measure right: jitter uses differences of one
 * sender's send times and of one receiver's arrival times, and loss counts frames by the window stamped in them.
 */
import { connectPhones } from "./p2-phones.ts";
import { setUpRelayed, type RelayedCall } from "./p2-rtpengine-calls.ts";
import { NgClient } from "./ng-client.ts";
import { FarEnd, pace, SLOTS, transitDiffs } from "./rtp-far-ends.ts";
import type { StreamMeter } from "./rtp-meter.ts";
import { webrtcDiffs } from "./webrtc-end.ts";

type End = { send(): void; readonly stream: StreamMeter };

/** What the parent asks for. */
export type Job =
  | { kind: "appliance"; base: string; cookies: string[]; firstSsrc: number; farEnds: number }
  | { kind: "rtpengine"; ngPort: number; first: number; calls: number };

export type Request =
  | { op: "setup"; job: Job }
  | { op: "start" }
  | { op: "heard" }
  | { op: "begin" }
  | { op: "end" }
  | { op: "report" }
  | { op: "close" };
export type Command = { id: number } & Request;

/** One stream's figures, as rtp-meter.ts counts them. */
export type StreamSummary = Pick<StreamMeter, "sent" | "received" | "sequenceGaps" | "jitterSum" | "receiverJitterSum" | "pacingJitterSum">;

export type Report = {
  trunk: StreamSummary[];
  agents: StreamSummary[];
  transitDiffs: Uint32Array;
  webrtcDiffs: Uint32Array;
  stallMaxMs: number;
};

let window = 0;
const currentWindow = () => window;
let trunk: End[] = [];
let agents: End[] = [];
let stopPacing: (() => void) | null = null;
let closers: (() => Promise<void> | void)[] = [];
let stallWatch: ReturnType<typeof watchStalls> | null = null;
let stallMaxMs = 0;

/** The trunk far ends' ports (for sipp's SDP) and how many calls' ends this process holds. */
async function setUp(job: Job): Promise<{ ports: number[]; ends: number }> {
  if (job.kind === "appliance") {
    const phones = await connectPhones(job.base, job.cookies, currentWindow);
    agents = phones.map((p) => p.end);
    closers.push(...phones.map((p) => p.close));
    const far: FarEnd[] = [];
    for (let i = 0; i < job.farEnds; i++) far.push(await FarEnd.open(currentWindow, job.firstSsrc + i));
    trunk = far;
    closers.push(...far.map((f) => () => f.close()));
    return { ports: far.map((f) => f.port), ends: Math.min(far.length, agents.length) };
  }
  const ng = await NgClient.open(job.ngPort);
  const relayed: RelayedCall[] = await setUpRelayed(ng, job.first, job.calls, currentWindow);
  trunk = relayed.map((c) => c.far);
  agents = relayed.map((c) => c.end);
  closers.push(async () => {
    for (const c of relayed) await ng.request({ command: "delete", "call-id": c.id }).catch(() => {});
    await Promise.all(relayed.map((c) => c.pc.close().catch(() => {})));
    for (const c of relayed) c.far.close();
    ng.close();
  });
  return { ports: [], ends: relayed.length };
}

function start(): void {
  stopPacing = pace((slot) => {
    for (let i = slot; i < Math.max(trunk.length, agents.length); i += SLOTS) {
      trunk[i]?.send();
      agents[i]?.send();
    }
  });
}

/** How late a 5 ms timer of this process fires, at worst. */
function watchStalls() {
  let [max, expected] = [0, performance.now() + 5];
  const timer = setInterval(() => {
    max = Math.max(max, performance.now() - expected);
    expected = performance.now() + 5;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return max;
    },
  };
}

const summary = ({ stream: s }: End): StreamSummary => ({
  sent: s.sent,
  received: s.received,
  sequenceGaps: s.sequenceGaps,
  jitterSum: s.jitterSum,
  receiverJitterSum: s.receiverJitterSum,
  pacingJitterSum: s.pacingJitterSum,
});

async function handle(command: Command): Promise<unknown> {
  switch (command.op) {
    case "setup":
      return setUp(command.job);
    case "start":
      return start();
    case "heard":
      return { trunk: trunk.filter((e) => e.stream.heard > 0).length, agents: agents.filter((e) => e.stream.heard > 0).length };
    case "begin": {
      // Ends that never heard the other side belong to calls that were not set up.
      const through = (e: End) => e.stream.heard > 0;
      [trunk, agents] = [trunk.filter(through), agents.filter(through)];
      stallWatch = watchStalls();
      window = 1;
      return null;
    }
    case "end":
      window = 2;
      stallMaxMs = stallWatch?.stop() ?? 0;
      return null;
    case "report":
      return { trunk: trunk.map(summary), agents: agents.map(summary), transitDiffs, webrtcDiffs, stallMaxMs } satisfies Report;
    case "close": {
      stopPacing?.();
      const pending = closers;
      closers = [];
      await Promise.all(pending.map((c) => c()));
      setTimeout(() => process.exit(0), 50);
      return null;
    }
  }
}

process.on("message", (command: Command) => {
  handle(command).then(
    (result) => process.send?.({ id: command.id, result }),
    (error) => process.send?.({ id: command.id, error: String(error?.stack ?? error) }),
  );
});
process.on("disconnect", () => process.exit(0));
