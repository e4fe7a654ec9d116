import { asc, eq } from "drizzle-orm";
import { avatars, type Role, users } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import { type AgentState, agentPresence, STATE_LABELS } from "../presence/index.ts";
import { sharesWorkWith } from "./colleagues-scope.ts";
import { unreadCounts } from "./internal.ts";

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

/** My colleagues by name, with their live state and how many of their messages I have not read. */
export function colleaguesOf(db: Db, userId: string): Colleague[] {
  const unread = unreadCounts(db, userId);
  const rows = db
    .select({
      id: users.id,
      fullName: users.fullName,
      role: users.role,
      avatar: avatars.userId,
      state: agentPresence.state,
      reason: agentPresence.reason,
    })
    .from(users)
    .leftJoin(agentPresence, eq(agentPresence.userId, users.id))
    .leftJoin(avatars, eq(avatars.userId, users.id))
    .where(sharesWorkWith(db, userId))
    .orderBy(asc(users.fullName), asc(users.id))
    .all();
  return rows.map((r) => {
    const state = r.state ?? "logged_out";
    return {
      id: r.id,
      fullName: r.fullName,
      role: r.role,
      hasAvatar: r.avatar !== null,
      state,
      stateLabel: STATE_LABELS[state],
      reason: state === "not_ready" || state === "pending_not_ready" ? r.reason : null,
      unread: unread[r.id] ?? 0,
    };
  });
}
