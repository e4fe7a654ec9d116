import { and, eq, notInArray } from "drizzle-orm";
import type { Role } from "../auth/index.ts";
import type { Db, Tx } from "../db/index.ts";
import { listQueues, queueMembers, queuesOfUser } from "../routing/index.ts";
import type { FormReader } from "../shared/index.ts";
import { listTeams, teamMembers, teamsOfUser } from "../teams/index.ts";

export type MembershipOptions = { queues: { id: string; name: string; channel: string }[]; teams: { id: string; name: string }[] };
export type Membership = { queueIds: string[]; teamIds: string[] };

/** Every queue and team, for the checkboxes of the agent form. */
export function membershipOptions(db: Db): MembershipOptions {
  return {
    queues: listQueues(db).map((q) => ({ id: q.id, name: q.name, channel: q.channel })),
    teams: listTeams(db).map((t) => ({ id: t.id, name: t.name })),
  };
}

export function membershipOf(db: Db, userId: string): Membership {
  return { queueIds: queuesOfUser(db, userId).map((q) => q.id), teamIds: teamsOfUser(db, userId).map((t) => t.id) };
}

/**
 * The membership writes below are the agent form's side of queue_members and team_members
 * (the queue and team pages write them one person at a time through routing/ and teams/).
 */
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
