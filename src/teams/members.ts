import { and, asc, eq, notInArray } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import { findUser, listPeople, type Person, type Role } from "../auth/index.ts";
import { transaction, type Db, type Tx } from "../db/index.ts";
import { NotFound, ValidationError } from "../shared/index.ts";
import { TEAM_ROLES, teamMembers, teams } from "./schema.ts";
import { getTeam, type Team } from "./teams.ts";

export type TeamRole = (typeof TEAM_ROLES)[number];
export type TeamMember = { userId: string; fullName: string; username: string; userRole: Role; role: TeamRole };
export type PersonOption = Person;

/** Only supervisors and admins may supervise a team. */
const CAN_SUPERVISE: readonly Role[] = ["supervisor", "admin"];

export function listTeamMembers(db: Db | Tx, teamId: string): TeamMember[] {
  const roleOf = new Map(
    db
      .select({ userId: teamMembers.userId, role: teamMembers.role })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, teamId))
      .all()
      .map((m) => [m.userId, m.role]),
  );
  const people = listPeople(db, [...roleOf.keys()]);
  // Members first, then supervisors, each by name.
  return [...TEAM_ROLES]
    .sort()
    .flatMap((role) =>
      people
        .filter((p) => roleOf.get(p.id) === role)
        .map((p) => ({ userId: p.id, fullName: p.fullName, username: p.username, userRole: p.role, role })),
    );
}

/** Everyone who can be put in a team, by name (the add-member picker). */
export function teamCandidates(db: Db): PersonOption[] {
  return listPeople(db);
}

function personFor(tx: Tx, userId: string, role: TeamRole, field = "userId"): PersonOption {
  const user = findUser(tx, userId);
  const person = user && { id: user.id, fullName: user.fullName, username: user.username, role: user.role, disabled: user.disabled };
  if (!person) throw new ValidationError("Please correct the highlighted fields.", { [field]: "Choose a user from the list" });
  if (role === "supervisor" && !CAN_SUPERVISE.includes(person.role))
    throw new ValidationError("Only supervisors and admins can supervise a team.", {
      [field]: `${person.fullName} is not a supervisor or admin, so can only be a member`,
    });
  return person;
}

function membership(tx: Tx, teamId: string, userId: string) {
  return tx
    .select()
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .get();
}

export function addTeamMember(db: Db, teamId: string, userId: string, role: TeamRole, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const team = getTeam(tx, teamId);
    const person = personFor(tx, userId, role);
    if (membership(tx, teamId, userId))
      throw new ValidationError("Please correct the highlighted fields.", { userId: `${person.fullName} is already in this team` });
    tx.insert(teamMembers).values({ teamId, userId, role }).run();
    recordAudit(tx, actor, "team.member_added", { type: "team", id: teamId }, { team: team.name, user: person.username, role }, now);
  });
}

export function setTeamMemberRole(db: Db, teamId: string, userId: string, role: TeamRole, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const team = getTeam(tx, teamId);
    if (!membership(tx, teamId, userId)) throw new NotFound("That user is not in this team.");
    const person = personFor(tx, userId, role);
    tx.update(teamMembers)
      .set({ role })
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
      .run();
    recordAudit(tx, actor, "team.member_role_changed", { type: "team", id: teamId }, { team: team.name, user: person.username, role }, now);
  });
}

export function removeTeamMember(db: Db, teamId: string, userId: string, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const team = getTeam(tx, teamId);
    const [member] = listTeamMembers(tx, teamId).filter((m) => m.userId === userId);
    if (!member) throw new NotFound("That user is not in this team.");
    tx.delete(teamMembers)
      .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
      .run();
    recordAudit(tx, actor, "team.member_removed", { type: "team", id: teamId }, { team: team.name, user: member.username }, now);
  });
}

/** Replaces a team's whole membership at once (each user once; supervisors must be supervisors or admins). */
export function setTeamMembers(
  db: Db,
  teamId: string,
  members: readonly { userId: string; role: TeamRole }[],
  actor: Actor,
  now: number,
): void {
  transaction(db, (tx) => {
    const team = getTeam(tx, teamId);
    const unique = [...new Map(members.map((m) => [m.userId, m])).values()];
    const people = unique.map((m) => ({ ...personFor(tx, m.userId, m.role, "members"), teamRole: m.role }));
    tx.delete(teamMembers).where(eq(teamMembers.teamId, teamId)).run();
    if (unique.length)
      tx.insert(teamMembers)
        .values(unique.map((m) => ({ teamId, userId: m.userId, role: m.role })))
        .run();
    const detail = { team: team.name, members: people.map((p) => `${p.username} (${p.teamRole})`) };
    recordAudit(tx, actor, "team.members_set", { type: "team", id: teamId }, detail, now);
  });
}

/** The teams a user belongs to, with the user's role in each. */
export function teamsOfUser(db: Db, userId: string): (Team & { role: TeamRole })[] {
  return db
    .select({ team: teams, role: teamMembers.role })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(eq(teamMembers.userId, userId))
    .orderBy(asc(teams.name))
    .all()
    .map((r) => ({ ...r.team, role: r.role }));
}

/** Ids of the teams this user supervises; empty when the user is no longer a supervisor or admin. */
export function supervisedTeamIds(db: Db, userId: string): string[] {
  const user = findUser(db, userId);
  if (!user || !CAN_SUPERVISE.includes(user.role)) return [];
  return db
    .select({ id: teamMembers.teamId })
    .from(teamMembers)
    .where(and(eq(teamMembers.userId, userId), eq(teamMembers.role, "supervisor")))
    .all()
    .map((r) => r.id);
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
