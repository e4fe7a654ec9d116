import { and, eq, inArray } from "drizzle-orm";
import { queueMembers, teamMembers, users } from "./read-model.ts";
import type { Db } from "../db/index.ts";

/**
 * Who may see a live row: the mirror image of scope.ts, asked from the row's side. Every admin, plus the
 * supervisors of the teams the agent (or one of the queue's agents) is a member of.
 */
const SUPERVISING_ROLES = ["supervisor", "admin"] as const;

function admins(db: Db): string[] {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false)))
    .all()
    .map((r) => r.id);
}

function supervisorsOf(db: Db, teamIds: string[]): string[] {
  if (teamIds.length === 0) return [];
  return db
    .select({ id: teamMembers.userId })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(
      and(
        inArray(teamMembers.teamId, teamIds),
        eq(teamMembers.role, "supervisor"),
        inArray(users.role, [...SUPERVISING_ROLES]),
        eq(users.disabled, false),
      ),
    )
    .all()
    .map((r) => r.id);
}

/** The teams an agent is a row of; null stands for "Not in a team" (the admins' extra group). */
export function boardTeamsOf(db: Db, agentId: string): (string | null)[] {
  const ids = db
    .select({ id: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.userId, agentId), eq(teamMembers.role, "member")))
    .all()
    .map((r) => r.id);
  if (ids.length) return ids;
  const user = db.select({ role: users.role }).from(users).where(eq(users.id, agentId)).get();
  return user?.role === "agent" ? [null] : [];
}

export function viewersOfAgent(db: Db, agentId: string): string[] {
  const teamIds = boardTeamsOf(db, agentId).filter((t): t is string => t !== null);
  return unique([...admins(db), ...supervisorsOf(db, teamIds)]);
}

export function viewersOfTeam(db: Db, teamId: string | null): string[] {
  return unique([...admins(db), ...(teamId ? supervisorsOf(db, [teamId]) : [])]);
}

export function viewersOfQueue(db: Db, queueId: string): string[] {
  const agents = db.select({ id: queueMembers.userId }).from(queueMembers).where(eq(queueMembers.queueId, queueId));
  const teamIds = db
    .selectDistinct({ id: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.role, "member"), inArray(teamMembers.userId, agents)))
    .all()
    .map((r) => r.id);
  return unique([...admins(db), ...supervisorsOf(db, teamIds)]);
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
