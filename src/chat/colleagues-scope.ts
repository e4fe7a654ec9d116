import { and, eq, inArray, ne, or, type SQL } from "drizzle-orm";
import { queueMembers, teamMembers, users } from "./read-model.ts";
import type { Db } from "../db/index.ts";

/**
 * The condition "users.id is an enabled user, other than userId, sharing a queue or a team with them".
 * Team supervisors are team members with the supervisor role, so an agent's supervisors are included.
 */
export function sharesWorkWith(db: Db, userId: string): SQL {
  const myQueues = db.select({ id: queueMembers.queueId }).from(queueMembers).where(eq(queueMembers.userId, userId));
  const myTeams = db.select({ id: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  const viaQueues = db.select({ id: queueMembers.userId }).from(queueMembers).where(inArray(queueMembers.queueId, myQueues));
  const viaTeams = db.select({ id: teamMembers.userId }).from(teamMembers).where(inArray(teamMembers.teamId, myTeams));
  return and(ne(users.id, userId), eq(users.disabled, false), or(inArray(users.id, viaQueues), inArray(users.id, viaTeams))) as SQL;
}

/** The ids of my colleagues only: who must hear about a change of mine. */
export function colleagueIdsOf(db: Db, userId: string): string[] {
  return db
    .select({ id: users.id })
    .from(users)
    .where(sharesWorkWith(db, userId))
    .all()
    .map((r) => r.id);
}

/** One colleague by id, or null when there is no such user or we share no queue or team. */
export function findColleague(db: Db, userId: string, peerId: string): { id: string; fullName: string } | null {
  return (
    db
      .select({ id: users.id, fullName: users.fullName })
      .from(users)
      .where(and(eq(users.id, peerId), sharesWorkWith(db, userId)))
      .get() ?? null
  );
}
