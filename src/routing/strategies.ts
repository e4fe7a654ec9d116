import type { STRATEGIES } from "./schema.ts";

export type Strategy = (typeof STRATEGIES)[number];

/** What a strategy knows of an agent who could take the interaction now. */
export type Candidate = { userId: string; idleSince: number; handledToday: number };

export type StrategyContext = {
  /** The agent who got the previous offer of this queue (round-robin continues after them). */
  lastOffered?: string;
  /** Agent ids in the queue's stable order (round-robin walks it). */
  memberOrder: string[];
  random: () => number;
};

/**
 * Chooses who is offered the interaction (FEATURES R1). Ring-all returns every candidate;
 * the others return exactly one, or none when there is no candidate.
 */
export function pickAgents(strategy: Strategy, candidates: Candidate[], ctx: StrategyContext): string[] {
  if (candidates.length === 0) return [];
  switch (strategy) {
    case "ring-all":
      return candidates.map((c) => c.userId);
    case "longest-idle":
      return [minBy(candidates, (c) => c.idleSince).userId];
    case "fewest-today":
      return [minBy(candidates, (c) => c.handledToday * 1e13 + c.idleSince).userId];
    case "random":
      return [(candidates[Math.floor(ctx.random() * candidates.length)] ?? (candidates[0] as Candidate)).userId];
    case "round-robin":
      return [nextInCircle(candidates, ctx).userId];
  }
}

function minBy<T>(items: T[], key: (t: T) => number): T {
  return items.reduce((best, item) => (key(item) < key(best) ? item : best));
}

function nextInCircle(candidates: Candidate[], ctx: StrategyContext): Candidate {
  const order = ctx.memberOrder;
  const start = ctx.lastOffered ? order.indexOf(ctx.lastOffered) : -1;
  const byId = new Map(candidates.map((c) => [c.userId, c]));
  for (let step = 1; step <= order.length; step++) {
    const found = byId.get(order[(start + step) % order.length] as string);
    if (found) return found;
  }
  return candidates[0] as Candidate;
}
