import { and, asc, eq, ne, sql } from "drizzle-orm";
import { type Actor, changesBetween, recordAudit } from "../audit/index.ts";
import { transaction, type Db, type Tx } from "../db/index.ts";
import { FormReader, newId, NotFound, ValidationError } from "../shared/index.ts";
import { teamMembers, teams } from "./schema.ts";

export type Team = typeof teams.$inferSelect;
export type TeamInput = { name: string; description: string };
export type TeamSummary = Team & { members: number; supervisors: number };

/** Reads the team form (name 1–60 characters, description up to 500). */
export function readTeamForm(data: Record<string, unknown>): TeamInput {
  const form = new FormReader(data);
  const input = {
    name: form.text("name", { label: "Name", required: true, max: 60 }),
    description: form.text("description", { label: "Description", max: 500 }),
  };
  form.done();
  return input;
}

/** Every team with its head counts, by name. */
export function listTeams(db: Db): TeamSummary[] {
  return db
    .select({
      team: teams,
      members: sql<number>`count(${teamMembers.userId})`,
      supervisors: sql<number>`coalesce(sum(${teamMembers.role} = 'supervisor'), 0)`,
    })
    .from(teams)
    .leftJoin(teamMembers, eq(teamMembers.teamId, teams.id))
    .groupBy(teams.id)
    .orderBy(asc(teams.name))
    .all()
    .map((r) => ({ ...r.team, members: r.members, supervisors: r.supervisors }));
}

export function getTeam(db: Db | Tx, id: string): Team {
  const team = db.select().from(teams).where(eq(teams.id, id)).get();
  if (!team) throw new NotFound("There is no such team.");
  return team;
}

function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const clash = tx
    .select({ id: teams.id })
    .from(teams)
    .where(exceptId ? and(eq(teams.name, name), ne(teams.id, exceptId)) : eq(teams.name, name))
    .get();
  if (clash) throw new ValidationError("Please correct the highlighted fields.", { name: `A team named ${name} already exists` });
}

export function createTeam(db: Db, input: TeamInput, actor: Actor, now: number): string {
  const id = newId();
  transaction(db, (tx) => {
    assertNameFree(tx, input.name);
    tx.insert(teams).values({ id, name: input.name, description: input.description, createdAt: now }).run();
    recordAudit(tx, actor, "team.created", { type: "team", id }, { ...input }, now);
  });
  return id;
}

export function updateTeam(db: Db, id: string, input: TeamInput, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const before = getTeam(tx, id);
    assertNameFree(tx, input.name, id);
    tx.update(teams).set(input).where(eq(teams.id, id)).run();
    const changes = changesBetween(before as TeamInput, input);
    recordAudit(tx, actor, "team.updated", { type: "team", id }, { name: input.name, changes }, now);
  });
}

/** Deletes a team; its memberships go with it. */
export function deleteTeam(db: Db, id: string, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const team = getTeam(tx, id);
    tx.delete(teams).where(eq(teams.id, id)).run();
    recordAudit(tx, actor, "team.deleted", { type: "team", id }, { name: team.name }, now);
  });
}
