import { afterAll, beforeAll, expect, test } from "bun:test";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { addUser } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let agent: TestClient;
let supervisor: TestClient;
beforeAll(async () => {
  t = makeTestApp();
  await addUser(t.db, "ann", "agent");
  await addUser(t.db, "sue", "supervisor");
  agent = t.client();
  await agent.login("ann");
  supervisor = t.client();
  await supervisor.login("sue");
});
afterAll(() => t.cleanup());

const GETS = [
  "/admin/teams",
  "/admin/teams/x",
  "/admin/teams/x/delete",
  "/admin/queues",
  "/admin/queues/new",
  "/admin/queues/x",
  "/admin/queues/x/delete",
  "/admin/predefined",
  "/admin/predefined/x",
  "/admin/predefined/x/delete",
  "/admin/settings",
  "/admin/audit",
  "/admin/audit/export.csv",
  "/admin/api-tokens",
];
const POSTS = [
  "/admin/teams",
  "/admin/teams/x",
  "/admin/teams/x/delete",
  "/admin/teams/x/members",
  "/admin/teams/x/members/y/role",
  "/admin/teams/x/members/y/remove",
  "/admin/queues",
  "/admin/queues/x",
  "/admin/queues/x/delete",
  "/admin/queues/x/members",
  "/admin/queues/x/members/all",
  "/admin/queues/x/members/y/remove",
  "/admin/predefined",
  "/admin/predefined/x",
  "/admin/predefined/x/delete",
  "/admin/settings",
  "/admin/settings/test-mail",
  "/admin/api-tokens",
  "/admin/api-tokens/x/revoke",
];

test("agents and supervisors get 403 on every admin page for teams, queues, messages, settings and audit", async () => {
  for (const who of [agent, supervisor]) {
    for (const path of GETS) expect([path, (await who.get(path)).status]).toEqual([path, 403]);
    for (const path of POSTS) expect([path, (await who.post(path, { name: "x" })).status]).toEqual([path, 403]);
  }
});
