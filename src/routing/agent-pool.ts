import { and, eq, gte, inArray, ne, or, sql } from "drizzle-orm";
import { hasPermission, type Role } from "../auth/index.ts";
import { agentPresence, users } from "./read-model.ts";
import type { Db } from "../db/index.ts";
import { pausedChannels } from "../presence/index.ts";
import { interactions, offers } from "./interactions-schema.ts";
import { CHANNELS, type Channel, queueMembers } from "./schema.ts";

export type PoolAgent = {
  userId: string;
  state: string;
  idleSince: number;
  paused: Set<Channel>;
  ringing: boolean;
  openTotal: number;
  openByChannel: Record<Channel, number>;
  capacity: Record<Channel, number>;
  /** The channels this agent's permissions let them take. */
  channels: Set<Channel>;
  autoAnswer: Record<Channel, number | null>;
  handledToday: number;
  queues: Set<string>;
};

/** Whom to load: the members of these queues and these agents; work handled since dayStart only when given. */
export type PoolScope = { queueIds: string[]; agentIds: string[]; dayStart: number | null };

/**
 * The signed-in agents who could take the work in scope, with what routing needs to know of them, read in a
 * handful of queries. Counting work handled today costs a scan, so only the fewest-today strategy asks for it.
 */
export function loadAgentPool(db: Db, scope: PoolScope): Map<string, PoolAgent> {
  const members = db.select({ id: queueMembers.userId }).from(queueMembers).where(inArray(queueMembers.queueId, scope.queueIds));
  const rows = db
    .select({
      p: agentPresence,
      u: {
        role: users.role,
        permissions: users.permissions,
        capChat: users.capChat,
        capVideo: users.capVideo,
        capEmail: users.capEmail,
        autoAnswerVoice: users.autoAnswerVoice,
        autoAnswerChat: users.autoAnswerChat,
        autoAnswerVideo: users.autoAnswerVideo,
        autoAnswerEmail: users.autoAnswerEmail,
      },
    })
    .from(agentPresence)
    .innerJoin(users, eq(users.id, agentPresence.userId))
    .where(
      and(
        ne(agentPresence.state, "logged_out"),
        eq(users.disabled, false),
        or(inArray(agentPresence.userId, members), inArray(agentPresence.userId, scope.agentIds)),
      ),
    )
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
      channels: new Set(CHANNELS.filter((channel) => mayTake(u, channel))),
      autoAnswer: { voice: u.autoAnswerVoice, chat: u.autoAnswerChat, video: u.autoAnswerVideo, email: u.autoAnswerEmail },
      handledToday: 0,
      queues: new Set(),
    });
  }
  if (pool.size === 0) return pool;
  const ids = [...pool.keys()];
  for (const m of db.select().from(queueMembers).where(inArray(queueMembers.userId, ids)).all()) pool.get(m.userId)?.queues.add(m.queueId);
  const ringing = db
    .select({ agentId: offers.agentId })
    .from(offers)
    .where(and(inArray(offers.agentId, ids), eq(offers.status, "ringing")))
    .all();
  for (const o of ringing) (pool.get(o.agentId) as PoolAgent).ringing = true;
  const open = db
    .select({ agentId: interactions.agentId, channel: interactions.channel, n: sql<number>`count(*)` })
    .from(interactions)
    .where(and(inArray(interactions.agentId, ids), eq(interactions.status, "active")))
    .groupBy(interactions.agentId, interactions.channel)
    .all();
  for (const o of open) {
    const a = o.agentId ? pool.get(o.agentId) : undefined;
    if (!a) continue;
    a.openByChannel[o.channel] += o.n;
    a.openTotal += o.n;
  }
  if (scope.dayStart !== null) countHandled(db, pool, ids, scope.dayStart);
  return pool;
}

function countHandled(db: Db, pool: Map<string, PoolAgent>, ids: string[], dayStart: number): void {
  const today = db
    .select({ agentId: interactions.agentId, n: sql<number>`count(*)` })
    .from(interactions)
    .where(and(inArray(interactions.agentId, ids), gte(interactions.acceptedAt, dayStart)))
    .groupBy(interactions.agentId)
    .all();
  for (const t of today) if (t.agentId) (pool.get(t.agentId) as PoolAgent).handledToday = t.n;
}

/** The permission that lets an agent take work on a channel (FEATURES A1); channels without one have no work yet. */
const CHANNEL_PERMISSION: Record<Channel, { permission: string; label: string } | null> = {
  voice: { permission: "voice", label: "Voice" },
  chat: { permission: "chat", label: "Chat" },
  video: null,
  email: null,
};

/** May this user be offered work on this channel? Admins may take everything, as they may do everything. */
export function mayTake(user: { role: Role; permissions: string }, channel: Channel): boolean {
  const needed = CHANNEL_PERMISSION[channel];
  return !needed || hasPermission(user, needed.permission);
}

/** The name of the permission a channel needs, for the message that explains a refusal. */
export function channelPermissionLabel(channel: Channel): string {
  return CHANNEL_PERMISSION[channel]?.label ?? channel;
}

const QUEUE_STATES = new Set(["ready", "busy"]);
const DIRECT_STATES = new Set(["ready", "busy", "not_ready", "pending_not_ready"]);

/**
 * Can this agent be offered work on this channel now (FEATURES R2, R5)? Queue work needs Ready
 * (or Busy with room); direct work also rings Not Ready agents.
 */
export function canTake(a: PoolAgent, channel: Channel, direct: boolean, maxOpen: number): boolean {
  if (a.ringing || !a.channels.has(channel)) return false;
  if (!(direct ? DIRECT_STATES : QUEUE_STATES).has(a.state)) return false;
  if (!direct && a.paused.has(channel)) return false;
  if (a.openTotal >= maxOpen) return false;
  const cap = a.capacity[channel];
  return cap === 0 || a.openByChannel[channel] < cap;
}
