import { and, asc, count, eq, inArray, isNull } from "drizzle-orm";
import type { Role } from "../auth/index.ts";
import { agentPresence, avatars, users } from "./read-model.ts";
import type { Db } from "../db/index.ts";
import { type AgentState, STATE_LABELS } from "../presence/index.ts";
import { sharesWorkWith } from "./colleagues-scope.ts";
import { unreadCounts } from "./internal.ts";
import { internalMessages } from "./schema.ts";

/** Someone I work with, as the colleagues list shows them. */
export type Colleague = {
  id: string;
  fullName: string;
  role: Role;
  hasAvatar: boolean;
  state: AgentState;
  stateLabel: string;
  /** The Not Ready reason, when there is one. */
  reason: string | null;
  /** Messages from this colleague I have not opened yet. */
  unread: number;
};

const COLUMNS = {
  id: users.id,
  fullName: users.fullName,
  role: users.role,
  avatar: avatars.userId,
  state: agentPresence.state,
  reason: agentPresence.reason,
};
type Row = { id: string; fullName: string; role: Role; avatar: string | null; state: AgentState | null; reason: string | null };

/** My colleagues by name, with their live state and how many of their messages I have not read. */
export function colleaguesOf(db: Db, userId: string): Colleague[] {
  const unread = unreadCounts(db, userId);
  const rows = db
    .select(COLUMNS)
    .from(users)
    .leftJoin(agentPresence, eq(agentPresence.userId, users.id))
    .leftJoin(avatars, eq(avatars.userId, users.id))
    .where(sharesWorkWith(db, userId))
    .orderBy(asc(users.fullName), asc(users.id))
    .all();
  return rows.map((r) => toColleague(r, unread[r.id] ?? 0));
}

/**
 * One user as the lists of these viewers show them: the row (with no unread messages) and, per viewer,
 * how many of the user's messages they have not read. Null when there is no such user.
 */
export function colleagueAsSeenBy(db: Db, userId: string, viewerIds: string[]): { row: Colleague; unread: Map<string, number> } | null {
  const row = db
    .select(COLUMNS)
    .from(users)
    .leftJoin(agentPresence, eq(agentPresence.userId, users.id))
    .leftJoin(avatars, eq(avatars.userId, users.id))
    .where(eq(users.id, userId))
    .get();
  if (!row) return null;
  const m = internalMessages;
  const unread = db
    .select({ toId: m.toId, n: count() })
    .from(m)
    .where(and(eq(m.fromId, userId), inArray(m.toId, viewerIds), isNull(m.readAt)))
    .groupBy(m.toId)
    .all();
  return { row: toColleague(row, 0), unread: new Map(unread.map((u) => [u.toId, u.n])) };
}

function toColleague(r: Row, unread: number): Colleague {
  const state = r.state ?? "logged_out";
  return {
    id: r.id,
    fullName: r.fullName,
    role: r.role,
    hasAvatar: r.avatar !== null,
    state,
    stateLabel: STATE_LABELS[state],
    reason: state === "not_ready" || state === "pending_not_ready" ? r.reason : null,
    unread,
  };
}
