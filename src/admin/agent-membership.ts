import { and, asc, eq, notInArray } from "drizzle-orm";
import type { Role } from "../auth/index.ts";
import type { Db, Tx } from "../db/index.ts";
import { queueMembers, queues } from "../routing/index.ts";
import type { FormReader } from "../shared/index.ts";
// teams/ has no index.ts yet; only its table definitions are used here.
import { teamMembers, teams } from "../teams/schema.ts";

export type MembershipOptions = { queues: { id: string; name: string; channel: string }[]; teams: { id: string; name: string }[] };
export type Membership = { queueIds: string[]; teamIds: string[] };

/** Every queue and team, for the checkboxes of the agent form. */
export function membershipOptions(db: Db): MembershipOptions {
  return {
    queues: db.select({ id: queues.id, name: queues.name, channel: queues.channel }).from(queues).orderBy(asc(queues.name)).all(),
    teams: db.select({ id: teams.id, name: teams.name }).from(teams).orderBy(asc(teams.name)).all(),
  };
}

export function membershipOf(db: Db, userId: string): Membership {
  return {
    queueIds: db
      .select({ id: queueMembers.queueId })
      .from(queueMembers)
      .where(eq(queueMembers.userId, userId))
      .all()
      .map((r) => r.id),
    teamIds: db
      .select({ id: teamMembers.teamId })
      .from(teamMembers)
      .where(eq(teamMembers.userId, userId))
      .all()
      .map((r) => r.id),
  };
}

/** Reads the queue and team checkboxes, refusing ids that are not queues or teams. */
export function readMembership(form: FormReader, options: MembershipOptions): Membership {
  const queueIds = new Set(options.queues.map((q) => q.id));
  const teamIds = new Set(options.teams.map((t) => t.id));
  return {
    queueIds: form.list("queueIds", "Queues", (id) => queueIds.has(id), queueIds.size),
    teamIds: form.list("teamIds", "Teams", (id) => teamIds.has(id), teamIds.size),
  };
}

/** Makes the user a member of exactly these queues; true when anything changed. */
export function setQueueMembership(tx: Tx, userId: string, queueIds: string[]): boolean {
  const gone = tx
    .delete(queueMembers)
    .where(and(eq(queueMembers.userId, userId), queueIds.length ? notInArray(queueMembers.queueId, queueIds) : undefined))
    .returning()
    .all();
  const added = queueIds.length
    ? tx
        .insert(queueMembers)
        .values(queueIds.map((queueId) => ({ queueId, userId })))
        .onConflictDoNothing()
        .returning()
        .all()
    : [];
  return gone.length + added.length > 0;
}

/** Makes the user a member of exactly these teams; new memberships of a supervisor are as supervisor. */
export function setTeamMembership(tx: Tx, userId: string, teamIds: string[], role: Role): boolean {
  const gone = tx
    .delete(teamMembers)
    .where(and(eq(teamMembers.userId, userId), teamIds.length ? notInArray(teamMembers.teamId, teamIds) : undefined))
    .returning()
    .all();
  const teamRole: "supervisor" | "member" = role === "supervisor" ? "supervisor" : "member";
  const added = teamIds.length
    ? tx
        .insert(teamMembers)
        .values(teamIds.map((teamId) => ({ teamId, userId, role: teamRole })))
        .onConflictDoNothing()
        .returning()
        .all()
    : [];
  return gone.length + added.length > 0;
}

/** The membership writes for createUser/updateUser: runs in their transaction, names what changed. */
export function membershipWriter(m: Membership, role: Role) {
  return (tx: Tx, userId: string): string[] => {
    const changed: string[] = [];
    if (setQueueMembership(tx, userId, m.queueIds)) changed.push("queues");
    if (setTeamMembership(tx, userId, m.teamIds, role)) changed.push("teams");
    return changed;
  };
}
