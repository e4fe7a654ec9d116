/** The P1 bench's two sides (bench/calls.ts): sipp placing the calls, and the timings taken in the appliance. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Call } from "../src/calls/index.ts";
import { SCENARIOS } from "../tests/sip/sipp.ts";
import type { VoiceAppliance } from "../tests/sip/voice-setup.ts";

export type Timings = { alerted: number[]; toAgent: number[]; toCaller: number[] };
type Peer = { framesReceived: number };

/** sipp calls in M times at R a second (RTP from the example capture), each caller hanging up after holdMs. */
export async function placeCalls(o: { sipPort: number; did: string; calls: number; rate: number; holdMs: number }) {
  const dir = mkdtempSync(join(tmpdir(), "sb-bench-calls-"));
  const args = [`127.0.0.1:${o.sipPort}`, "-sf", join(SCENARIOS, "uac-inbound-rtp.xml"), "-i", "127.0.0.1", "-t", "u1"];
  args.push("-s", o.did, "-mi", "127.0.0.1", "-mp", "46000", "-d", String(o.holdMs), "-r", String(o.rate));
  args.push("-m", String(o.calls), "-timeout", `${Math.ceil(o.calls / o.rate + o.holdMs / 1000 + 30)}s`, "-nostdin");
  const proc = Bun.spawn(["sipp", ...args], { cwd: dir, stdout: "pipe", stderr: "pipe" });
  const [exitCode, out] = await Promise.all([proc.exited, new Response(proc.stdout).text()]);
  rmSync(dir, { recursive: true, force: true });
  const failed = Number(/Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(out)?.[1] ?? "NaN");
  return { exitCode, failed };
}

/** When each call's first INVITE reached the call layer (past the trunk's source check), by Call-ID. */
function watchInvites(v: VoiceAppliance): Map<string, number> {
  const inviteAt = new Map<string, number>();
  const calls = v.app.calls;
  const take = calls.onInvite.bind(calls);
  calls.onInvite = (invite, tx) => {
    if (!inviteAt.has(invite.callId)) inviteAt.set(invite.callId, performance.now());
    take(invite, tx);
  };
  return inviteAt;
}

/** Answers an offer as the Answer button does and times the first audio each way into `values`. */
function answerTimed(v: VoiceAppliance, values: Timings, peer: Peer, offer: { id: string; agentId: string; call: Call }) {
  const since = performance.now();
  const before = peer.framesReceived;
  const poll = setInterval(() => {
    if (peer.framesReceived === before) return;
    clearInterval(poll);
    values.toAgent.push(performance.now() - since);
  }, 1);
  v.app.calls.answer(offer.id, offer.agentId);
  let heard = false;
  offer.call.listen({
    frame: (side) => {
      if (side !== "b" || heard) return;
      heard = true;
      values.toCaller.push(performance.now() - since);
    },
  });
}

/** Watches the endpoint and the bus; answers each offer at once and frees the agent when the call ends. */
export function callTimings(v: VoiceAppliance, peerOf: (agentId: string) => Peer) {
  const { routing, bus } = v.app.deps;
  const values: Timings = { alerted: [], toAgent: [], toCaller: [] };
  const inviteAt = watchInvites(v);
  const wrapUp = (interactionId: string, agentId: string) => {
    try {
      routing.wrapUp(interactionId, agentId, "", "");
    } catch {
      // Already wrapped up by the queue's own wrap-up time.
    }
  };
  let ended = 0;
  const offs = [
    bus.subscribe("offer.created", (p) => {
      const at = performance.now();
      setTimeout(() => {
        const call = v.app.calls.find(String(p.interactionId));
        if (!call) return;
        values.alerted.push(at - (inviteAt.get(call.dialog.callId) ?? Number.NaN));
        answerTimed(v, values, peerOf(String(p.agentId)), { id: String(p.offerId), agentId: String(p.agentId), call });
      }, 0);
    }),
    bus.subscribe("interaction.ended", (p) => {
      ended++;
      if (p.agentId) setTimeout(() => wrapUp(String(p.interactionId), String(p.agentId)), 0);
    }),
  ];
  return {
    values,
    /** Resolves once M calls have ended (or 30 s after the last one should have). */
    async settled(calls: number): Promise<void> {
      const deadline = Date.now() + 30_000;
      while (ended < calls && Date.now() < deadline) await Bun.sleep(50);
    },
    stop() {
      for (const off of offs) off();
    },
  };
}
