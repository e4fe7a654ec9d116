import type { MembershipOptions } from "../../views/admin/agents-form.tsx";
import type { Role } from "../auth/index.ts";
import type { Db, Tx } from "../db/index.ts";
import { listQueues, queuesOfUser, setQueueMembership } from "../routing/index.ts";
import type { FormReader } from "../shared/index.ts";
import { listTeams, setTeamMembership, teamsOfUser } from "../teams/index.ts";

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

/** The membership writes for createUser/updateUser: runs in their transaction, names what changed. */
export function membershipWriter(m: Membership, role: Role) {
  return (tx: Tx, userId: string): string[] => {
    const changed: string[] = [];
    if (setQueueMembership(tx, userId, m.queueIds)) changed.push("queues");
    if (setTeamMembership(tx, userId, m.teamIds, role)) changed.push("teams");
    return changed;
  };
}
