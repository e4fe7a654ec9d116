import { afterEach, beforeEach, expect, test } from "bun:test";
import { users } from "../auth/schema.ts";
import { insertQueue, insertUser } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { teamMembers, teams } from "../teams/schema.ts";
import { colleagueIdsOf, colleaguesOf, sendInternal } from "./index.ts";
import { eq } from "drizzle-orm";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

test("colleagues share a queue or a team, appear once, by name, without me, disabled users or strangers", () => {
  const me = insertUser(t.db, { username: "me", fullName: "Mia Me" });
  const zed = insertUser(t.db, { username: "zed", fullName: "Zed Both" });
  const amy = insertUser(t.db, { username: "amy", fullName: "Amy Queue" });
  const sam = insertUser(t.db, { username: "sam", fullName: "Sam Supervisor", role: "supervisor" });
  const off = insertUser(t.db, { username: "off", fullName: "Otto Off", disabled: true });
  insertUser(t.db, { username: "far", fullName: "Far Away" });
  insertQueue(t.db, { name: "Sales", members: [me, zed, amy, off] });
  t.db.insert(teams).values({ id: "t1", name: "Early", createdAt: 0 }).run();
  t.db
    .insert(teamMembers)
    .values([
      { teamId: "t1", userId: me, role: "member" },
      { teamId: "t1", userId: zed, role: "member" },
      { teamId: "t1", userId: sam, role: "supervisor" },
    ])
    .run();

  expect(colleaguesOf(t.db, me).map((c) => c.fullName)).toEqual(["Amy Queue", "Sam Supervisor", "Zed Both"]);
  expect(colleagueIdsOf(t.db, sam)).toEqual(expect.arrayContaining([me, zed]));
  expect(colleagueIdsOf(t.db, sam)).toHaveLength(2);

  t.db.update(users).set({ disabled: false }).where(eq(users.id, off)).run();
  expect(colleaguesOf(t.db, me).map((c) => c.fullName)).toContain("Otto Off");
});

test("each colleague carries their state label, Not Ready reason and unread count", () => {
  const me = insertUser(t.db, { username: "me", fullName: "Mia Me" });
  const ron = insertUser(t.db, { username: "ron", fullName: "Ron Ready" });
  const nia = insertUser(t.db, { username: "nia", fullName: "Nia Notready" });
  insertQueue(t.db, { name: "Sales", members: [me, ron, nia] });
  t.deps.presence.apply(ron, { type: "login", notReady: false });
  t.deps.presence.apply(nia, { type: "login", notReady: false });
  t.deps.presence.apply(nia, { type: "choose_not_ready", reason: "Training" });
  for (const body of ["a", "b"]) sendInternal(t.db, t.deps.bus, { fromId: nia, toId: me, body, now: t.clock.now() });
  sendInternal(t.db, t.deps.bus, { fromId: me, toId: ron, body: "c", now: t.clock.now() });

  expect(colleaguesOf(t.db, me).map(({ fullName, stateLabel, reason, unread }) => ({ fullName, stateLabel, reason, unread }))).toEqual([
    { fullName: "Nia Notready", stateLabel: "Not Ready", reason: "Training", unread: 2 },
    { fullName: "Ron Ready", stateLabel: "Ready", reason: null, unread: 0 },
  ]);
});
