import { afterEach, beforeEach, expect, test } from "bun:test";
import { listAudit } from "../audit/index.ts";
import { ValidationError } from "../shared/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { addUser } from "../../tests/support/kits/admin.ts";
import { createTeam, listTeamMembers, setTeamMembers, supervisedTeamIds } from "./index.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());
const actor = { id: null, name: "test" };

test("setTeamMembers replaces the whole membership at once and is audited", async () => {
  const team = createTeam(t.db, { name: "Night shift", description: "" }, actor, t.clock.now());
  const ann = await addUser(t.db, "ann", "agent", "Ann");
  const bob = await addUser(t.db, "bob", "agent", "Bob");
  const sue = await addUser(t.db, "sue", "supervisor", "Sue");
  setTeamMembers(
    t.db,
    team,
    [
      { userId: ann, role: "member" },
      { userId: sue, role: "supervisor" },
    ],
    actor,
    t.clock.now(),
  );
  setTeamMembers(
    t.db,
    team,
    [
      { userId: bob, role: "member" },
      { userId: sue, role: "supervisor" },
    ],
    actor,
    t.clock.now(),
  );
  expect(listTeamMembers(t.db, team).map((m) => [m.username, m.role])).toEqual([
    ["bob", "member"],
    ["sue", "supervisor"],
  ]);
  expect(supervisedTeamIds(t.db, sue)).toEqual([team]);
  expect(listAudit(t.db, { search: "team.members_set" }).total).toBe(2);
});

test("setTeamMembers refuses an agent as supervisor and changes nothing", async () => {
  const team = createTeam(t.db, { name: "Day shift", description: "" }, actor, t.clock.now());
  const ann = await addUser(t.db, "ann", "agent", "Ann");
  setTeamMembers(t.db, team, [{ userId: ann, role: "member" }], actor, t.clock.now());
  expect(() => setTeamMembers(t.db, team, [{ userId: ann, role: "supervisor" }], actor, t.clock.now())).toThrow(ValidationError);
  expect(listTeamMembers(t.db, team).map((m) => m.role)).toEqual(["member"]);
});
