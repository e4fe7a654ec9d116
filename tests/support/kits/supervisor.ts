/** Fixtures for the supervisor tests: two teams, each with a supervisor and an agent, and a department each. */
import { listAudit } from "../../../src/audit/index.ts";
import { addTeamMember, createTeam } from "../../../src/teams/index.ts";
import { insertQueue, insertUser } from "../fixtures.ts";
import type { TestApp } from "../harness.ts";
import { signedIn } from "../users.ts";

const SYSTEM = { id: null, name: "test" };

export function twoTeams(t: TestApp) {
  const now = t.clock.now();
  const person = (username: string, role: "agent" | "supervisor" | "admin" = "agent") =>
    insertUser(t.db, { username, fullName: username.replace(/^./, (c) => c.toUpperCase()), role });
  const ids = {
    ann: person("ann"),
    bob: person("bob"),
    sue: person("sue", "supervisor"),
    tom: person("tom", "supervisor"),
    boss: person("boss", "admin"),
    loner: person("loner"),
  };
  const teamA = createTeam(t.db, { name: "Alpha", description: "" }, SYSTEM, now);
  const teamB = createTeam(t.db, { name: "Bravo", description: "" }, SYSTEM, now);
  addTeamMember(t.db, teamA, ids.ann, "member", SYSTEM, now);
  addTeamMember(t.db, teamA, ids.sue, "supervisor", SYSTEM, now);
  addTeamMember(t.db, teamB, ids.bob, "member", SYSTEM, now);
  addTeamMember(t.db, teamB, ids.tom, "supervisor", SYSTEM, now);
  const sales = insertQueue(t.db, { name: "Sales", channel: "voice", members: [ids.ann], wrapUpS: 0 });
  const billing = insertQueue(t.db, { name: "Billing", members: [ids.bob], wrapUpS: 0 });
  return { ...ids, teamA, teamB, sales, billing, as: (id: string) => signedIn(t, id) };
}

export function forcedAudits(t: TestApp) {
  return listAudit(t.db, { search: "agent.state_forced" }).rows.map((r) => ({
    actor: r.actorName,
    target: r.targetId,
    ...JSON.parse(r.detail),
  }));
}

export const HX = { "HX-Request": "true" };
