import { and, eq, gte, inArray, ne, sql } from "drizzle-orm";
import { users } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import { agentPresence, pausedChannels } from "../presence/index.ts";
import { interactions, offers } from "./interactions-schema.ts";
import { type Channel, queueMembers } from "./schema.ts";

export type PoolAgent = {
  userId: string;
  state: string;
  idleSince: number;
  paused: Set<Channel>;
  ringing: boolean;
  openTotal: number;
  openByChannel: Record<Channel, number>;
  capacity: Record<Channel, number>;
  autoAnswer: Record<Channel, number | null>;
  handledToday: number;
  queues: Set<string>;
};

/** Every signed-in agent with what routing needs to know of them, read in a handful of queries. */
export function loadAgentPool(db: Db, dayStart: number): Map<string, PoolAgent> {
  const rows = db
    .select({ p: agentPresence, u: users })
    .from(agentPresence)
    .innerJoin(users, eq(users.id, agentPresence.userId))
    .where(and(ne(agentPresence.state, "logged_out"), eq(users.disabled, false)))
    .all();
  const pool = new Map<string, PoolAgent>();
  for (const { p, u } of rows) {
    pool.set(p.userId, {
      userId: p.userId,
      state: p.state,
      idleSince: p.idleSince,
      paused: new Set(pausedChannels(p)),
      ringing: false,
      openTotal: 0,
      openByChannel: { voice: 0, chat: 0, video: 0, email: 0 },
      capacity: { voice: 1, chat: u.capChat, video: u.capVideo, email: u.capEmail },
      autoAnswer: { voice: u.autoAnswerVoice, chat: u.autoAnswerChat, video: u.autoAnswerVideo, email: u.autoAnswerEmail },
      handledToday: 0,
      queues: new Set(),
    });
  }
  if (pool.size === 0) return pool;
  const ids = [...pool.keys()];
  for (const m of db.select().from(queueMembers).where(inArray(queueMembers.userId, ids)).all()) pool.get(m.userId)?.queues.add(m.queueId);
  for (const o of db.select({ agentId: offers.agentId }).from(offers).where(eq(offers.status, "ringing")).all()) {
    const a = pool.get(o.agentId);
    if (a) a.ringing = true;
  }
  const open = db
    .select({ agentId: interactions.agentId, channel: interactions.channel, n: sql<number>`count(*)` })
    .from(interactions)
    .where(eq(interactions.status, "active"))
    .groupBy(interactions.agentId, interactions.channel)
    .all();
  for (const o of open) {
    const a = o.agentId ? pool.get(o.agentId) : undefined;
    if (!a) continue;
    a.openByChannel[o.channel] += o.n;
    a.openTotal += o.n;
  }
  const today = db
    .select({ agentId: interactions.agentId, n: sql<number>`count(*)` })
    .from(interactions)
    .where(gte(interactions.acceptedAt, dayStart))
    .groupBy(interactions.agentId)
    .all();
  for (const t of today) if (t.agentId) (pool.get(t.agentId) ?? { handledToday: 0 }).handledToday = t.n;
  return pool;
}

const QUEUE_STATES = new Set(["ready", "busy"]);
const DIRECT_STATES = new Set(["ready", "busy", "not_ready", "pending_not_ready"]);

/**
 * Can this agent be offered work on this channel now (FEATURES R2, R5)? Queue work needs Ready
 * (or Busy with room); direct work also rings Not Ready agents.
 */
export function canTake(a: PoolAgent, channel: Channel, direct: boolean, maxOpen: number): boolean {
  if (a.ringing) return false;
  if (!(direct ? DIRECT_STATES : QUEUE_STATES).has(a.state)) return false;
  if (!direct && a.paused.has(channel)) return false;
  if (a.openTotal >= maxOpen) return false;
  const cap = a.capacity[channel];
  return cap === 0 || a.openByChannel[channel] < cap;
}
