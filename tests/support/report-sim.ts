/** A seeded working day driven through the real routing engine, for the report tests and the bench. */
import type { AppDeps } from "../../src/deps.ts";
import type { ManualClock } from "../../src/shared/index.ts";

/** A small deterministic generator (mulberry32), so a failing day can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export type SimTally = {
  enqueued: Map<string, number>;
  accepted: Map<string, number>;
  transfers: Map<string, number>;
  arrivals: number;
};

type SimInput = {
  deps: Pick<AppDeps, "routing" | "presence">;
  clock: ManualClock;
  agents: string[];
  queues: { id: string; channel: "voice" | "chat" }[];
  hours: number;
  arrivalsPerHour: number;
  seed: number;
};

/** Arrivals, accepts, rejects, ring-outs, abandons, transfers, Not Ready breaks and wrap-ups, step by step. */
export function simulateDay(s: SimInput): SimTally {
  const { routing, presence } = s.deps;
  const rnd = seeded(s.seed);
  const tally: SimTally = { enqueued: new Map(), accepted: new Map(), transfers: new Map(), arrivals: 0 };
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const waiting = new Set<string>();
  for (const a of s.agents) presence.apply(a, { type: "login", notReady: false });
  const STEP = 5_000;
  const steps = (s.hours * 3600_000) / STEP;
  const perStep = (s.arrivalsPerHour * STEP) / 3600_000;
  for (let n = 0; n < steps; n++) {
    let arrivals = perStep + (rnd() - 0.5);
    while (arrivals > rnd()) {
      arrivals -= 1;
      const q = s.queues[Math.floor(rnd() * s.queues.length)] as SimInput["queues"][number];
      waiting.add(routing.enqueue({ channel: q.channel, queueId: q.id, customerName: `c${tally.arrivals}` }).id);
      tally.arrivals++;
      bump(tally.enqueued, q.id);
    }
    for (const id of waiting) {
      const i = routing.get(id);
      if (i.status !== "queued") waiting.delete(id);
      else if (rnd() < 0.004) {
        routing.abandon(id);
        waiting.delete(id);
      }
    }
    for (const a of s.agents) actAgent(s, a, rnd, tally, bump, waiting);
    s.clock.advance(STEP);
  }
  return tally;
}

function actAgent(
  s: SimInput,
  a: string,
  rnd: () => number,
  tally: SimTally,
  bump: (m: Map<string, number>, k: string) => void,
  waiting: Set<string>,
): void {
  const { routing, presence } = s.deps;
  presence.heartbeat(a);
  for (const offer of routing.ringingOffers(a)) {
    const r = rnd();
    if (r < 0.35) {
      const before = routing.get(offer.interactionId);
      routing.accept(offer.id, a);
      bump(tally.accepted, `${a}|${before.channel}`);
      if (before.status === "active" && before.agentId) bump(tally.transfers, before.agentId);
    } else if (r < 0.4) routing.reject(offer.id, a);
  }
  for (const w of routing.openWork(a)) {
    const r = rnd();
    if (w.status === "active" && !w.targetAgentId) {
      if (r < 0.02) routing.end(w.id, a);
      else if (r < 0.022) {
        const to = s.queues.find((q) => q.channel === w.channel && q.id !== w.queueId);
        if (to) {
          routing.transferToQueue(w.id, a, to.id);
          bump(tally.transfers, a);
          waiting.add(w.id);
        }
      } else if (r < 0.023) {
        const other = s.agents.find((x) => x !== a && presence.get(x).state === "ready");
        if (other) {
          try {
            routing.transferToAgent(w.id, a, other);
          } catch {
            // The colleague could not take it (capacity); the agent keeps it.
          }
        }
      }
    } else if (w.status === "wrap_up" && r < 0.05) routing.wrapUp(w.id, a, "Resolved", "");
  }
  const p = presence.get(a);
  if (p.state === "not_ready" && rnd() < 0.02) presence.apply(a, { type: "choose_ready" });
  else if (p.state === "ready" && rnd() < 0.001)
    presence.apply(a, { type: "choose_not_ready", reason: rnd() < 0.5 ? "Lunch" : "Training" });
}
