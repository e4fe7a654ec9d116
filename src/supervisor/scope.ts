import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Role } from "../auth/index.ts";
import { queueMembers, queues, teamMembers, teams, users } from "./read-model.ts";
import type { Db } from "../db/index.ts";
import { NotFound } from "../shared/index.ts";
import { supervisedTeamIds } from "../teams/index.ts";

export type Viewer = { id: string; role: Role };
/** Admins see every team (and agents in none); a supervisor sees the teams they supervise. */
export type Scope = { all: boolean; teamIds: string[] };
/** A group of agents on the live view; `id` null is "Not in a team" (admins only). */
export type TeamGroup = { id: string | null; name: string; agentIds: string[] };

export function scopeOf(db: Db, viewer: Viewer): Scope {
  if (viewer.role === "admin") return { all: true, teamIds: [] };
  if (viewer.role !== "supervisor") return { all: false, teamIds: [] };
  return { all: false, teamIds: supervisedTeamIds(db, viewer.id) };
}

/** The teams in scope, by name, each with its enabled member agents (supervisors of the team are not rows). */
export function teamGroups(db: Db, scope: Scope): TeamGroup[] {
  const rows = db
    .select({ teamId: teams.id, name: teams.name, userId: teamMembers.userId, role: teamMembers.role, disabled: users.disabled })
    .from(teams)
    .leftJoin(teamMembers, eq(teamMembers.teamId, teams.id))
    .leftJoin(users, eq(users.id, teamMembers.userId))
    .where(scope.all ? undefined : inArray(teams.id, scope.teamIds))
    .orderBy(asc(teams.name), asc(users.fullName))
    .all();
  const groups = new Map<string, TeamGroup>();
  for (const r of rows) {
    const group = groups.get(r.teamId) ?? { id: r.teamId, name: r.name, agentIds: [] };
    groups.set(r.teamId, group);
    if (r.userId && r.role === "member" && !r.disabled) group.agentIds.push(r.userId);
  }
  const out = [...groups.values()];
  if (scope.all) out.push({ id: null, name: "Not in a team", agentIds: agentsWithoutTeam(db) });
  return out;
}

function agentsWithoutTeam(db: Db): string[] {
  const inTeams = db.select({ id: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.role, "member"));
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "agent"), eq(users.disabled, false), notInArray(users.id, inTeams)))
    .orderBy(asc(users.fullName))
    .all()
    .map((r) => r.id);
}

/** The queues the agents in scope work in (every queue for admins), by channel and name. */
export function queuesInScope(db: Db, scope: Scope, agentIds: string[]): string[] {
  if (scope.all)
    return db
      .select({ id: queues.id })
      .from(queues)
      .orderBy(asc(queues.channel), asc(queues.name))
      .all()
      .map((r) => r.id);
  if (agentIds.length === 0) return [];
  return db
    .selectDistinct({ id: queues.id, channel: queues.channel, name: queues.name })
    .from(queueMembers)
    .innerJoin(queues, eq(queues.id, queueMembers.queueId))
    .where(inArray(queueMembers.userId, agentIds))
    .orderBy(asc(queues.channel), asc(queues.name))
    .all()
    .map((r) => r.id);
}

/** Throws NotFound unless the viewer may see and steer this agent (another team's agent does not exist for them). */
export function assertAgentInScope(db: Db, viewer: Viewer, agentId: string): void {
  const scope = scopeOf(db, viewer);
  const ok = scope.all
    ? Boolean(db.select({ id: users.id }).from(users).where(eq(users.id, agentId)).get())
    : scope.teamIds.length > 0 &&
      Boolean(
        db
          .select({ id: teamMembers.userId })
          .from(teamMembers)
          .where(and(eq(teamMembers.userId, agentId), eq(teamMembers.role, "member"), inArray(teamMembers.teamId, scope.teamIds)))
          .get(),
      );
  if (!ok) throw new NotFound("There is no such agent in your teams.");
}

/** Throws NotFound unless the queue is one the viewer's agents work in (or the viewer is an admin). */
export function assertQueueInScope(db: Db, viewer: Viewer, queueId: string): void {
  const scope = scopeOf(db, viewer);
  const ids = scope.all
    ? [queueId]
    : queuesInScope(
        db,
        scope,
        teamGroups(db, scope).flatMap((g) => g.agentIds),
      );
  const exists = db.select({ id: queues.id }).from(queues).where(eq(queues.id, queueId)).get();
  if (!exists || !ids.includes(queueId)) throw new NotFound("There is no such department in your view.");
}

/** One group of the live view, whoever looks at it (the live module renders it once for every viewer). */
export function teamGroup(db: Db, teamId: string | null): TeamGroup | null {
  if (teamId === null) return { id: null, name: "Not in a team", agentIds: agentsWithoutTeam(db) };
  return teamGroups(db, { all: false, teamIds: [teamId] })[0] ?? null;
}
