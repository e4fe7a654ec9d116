/**
 * P1 (FEATURES, issue 5): how fast a trunk call reaches an agent, and how fast audio flows once they answer.
 * The appliance runs in this process with the trunk in IP mode for 127.0.0.1 and a voice queue of N agents,
 * each with a werift peer as their browser phone (talking all the time); sipp places M calls at R a second.
 * Each offer is answered at once through the call layer, as the Answer button does. Measured:
 *   INVITE received by the endpoint → `offer.created` on the bus (the agent is alerted);
 *   Answer → first RTP frame at the agent's peer, and → first agent frame bridged onto the caller's leg.
 * Run: bun bench/calls.ts [--agents 20] [--calls 50] [--rate 5] [--hold-ms 2000]
 */
import { parseArgs } from "node:util";
import { createInboundRoute } from "../src/trunk/index.ts";
import { insertQueue, insertUser } from "../tests/support/fixtures.ts";
import { connectPhone, type VoiceAppliance, voiceAppliance } from "../tests/sip/voice-setup.ts";
import { callTimings, placeCalls, type Timings } from "./calls-sipp.ts";
import { ms, percentile } from "./lib.ts";

const { values } = parseArgs({
  options: {
    agents: { type: "string", default: "20" },
    calls: { type: "string", default: "50" },
    rate: { type: "string", default: "5" },
    "hold-ms": { type: "string", default: "2000" },
  },
});
const AGENTS = Number(values.agents);
const CALLS = Number(values.calls);
const BENCH_DID = "+41440000100";

/** N agents Ready in a queue of their own, routed from the bench's number, each with a talking phone. */
async function seedAgents(v: VoiceAppliance) {
  const { db, clock, presence } = v.app.deps;
  const agents = Array.from({ length: AGENTS }, (_, n) => insertUser(db, { username: `bench${n}`, fullName: `Bench ${n}` }));
  const queueId = insertQueue(db, { name: "Bench line", channel: "voice", members: agents });
  const actor = { id: null, name: "bench" };
  createInboundRoute(db, { did: BENCH_DID, label: "Bench", target: { kind: "queue", id: queueId } }, actor, clock.now());
  const phones: Awaited<ReturnType<typeof connectPhone>>[] = [];
  for (const id of agents) phones.push(await connectPhone(v.app, id));
  for (const id of agents) presence.apply(id, { type: "login", notReady: false });
  const talking = setInterval(() => {
    for (const p of phones) p.peer.sendFrame(0x55);
  }, 20);
  const byAgent = new Map(agents.map((id, n) => [id, phones[n]?.peer]));
  return {
    peerOf: (id: string) => byAgent.get(id) ?? { framesReceived: 0 },
    stop: async () => {
      clearInterval(talking);
      for (const p of phones) await p.close();
    },
  };
}

function report(name: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${name}: n=${sorted.length} p50 ${ms(percentile(sorted, 50))} p99 ${ms(percentile(sorted, 99))} max ${ms(sorted.at(-1) ?? 0)}`;
}

function summary(t: Timings): string[] {
  return [
    report("INVITE → agent alerted (offer.created)", t.alerted),
    report("Answer → first RTP at the agent's peer", t.toAgent),
    report("Answer → first agent RTP onto the caller's leg", t.toCaller),
  ];
}

async function main(): Promise<void> {
  const busy = Number(values.rate) * (Number(values["hold-ms"]) / 1000 + 1);
  // With fewer free agents than calls in progress, calls wait in the queue and that wait is measured too.
  if (AGENTS < busy) console.warn(`warning: ${AGENTS} agents for about ${busy} calls at once; INVITE → alerted includes queue waits`);
  const v = await voiceAppliance();
  // The appliance's clock follows real time, so its rate limits and timers behave as in production.
  let last = performance.now();
  const ticking = setInterval(() => {
    const now = performance.now();
    v.app.clock.advance(Math.round(now - last));
    last = now;
  }, 10);
  const seeded = await seedAgents(v);
  const timings = callTimings(v, seeded.peerOf);
  const run = await placeCalls({
    sipPort: v.sipPort,
    did: BENCH_DID,
    calls: CALLS,
    rate: Number(values.rate),
    holdMs: Number(values["hold-ms"]),
  });
  await timings.settled(CALLS);
  const load = (await Bun.file("/proc/loadavg").text()).trim();
  console.log(`P1: ${CALLS} calls at ${values.rate}/s, ${AGENTS} agents; sipp exit ${run.exitCode}, ${run.failed} failed calls`);
  for (const line of summary(timings.values)) console.log(line);
  console.log(`load average after the run: ${load}`);
  timings.stop();
  clearInterval(ticking);
  await seeded.stop();
  await v.app.cleanup();
}

await main();
