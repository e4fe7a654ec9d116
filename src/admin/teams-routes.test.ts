import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { listAudit } from "../audit/index.ts";
import { supervisedTeamIds, teamsOfUser } from "../teams/index.ts";
import type { TestApp, TestClient } from "../../tests/support/harness.ts";
import { makeTestApp } from "../../tests/support/harness.ts";
import { addUser, adminClient } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let c: TestClient;
beforeEach(async () => {
  t = makeTestApp();
  ({ c } = await adminClient(t));
});
afterEach(() => t.cleanup());

async function createTeam(name: string, description = ""): Promise<string> {
  const res = await c.post("/admin/teams", { name, description });
  expect(res.status).toBe(303);
  return (res.headers.get("location") ?? "").split("/").pop() as string;
}

describe("teams", () => {
  test("create, list, rename and delete a team, each change audited", async () => {
    const id = await createTeam("Sales", "Front line");
    expect(await (await c.get("/admin/teams")).text()).toContain("Front line");
    expect((await c.post(`/admin/teams/${id}`, { name: "Sales EMEA", description: "Europe" })).status).toBe(303);
    const page = await (await c.get(`/admin/teams/${id}`)).text();
    expect(page).toContain("Team Sales EMEA");
    const confirm = await c.get(`/admin/teams/${id}/delete`);
    expect(await confirm.text()).toContain("Delete team Sales EMEA?");
    expect((await c.post(`/admin/teams/${id}/delete`)).status).toBe(303);
    expect((await c.get(`/admin/teams/${id}`)).status).toBe(404);
    const actions = listAudit(t.db, {}).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["team.created", "team.updated", "team.deleted"]));
  });

  test("a missing or duplicate name re-renders the form with 422", async () => {
    await createTeam("Sales");
    const dup = await c.post("/admin/teams", { name: "Sales" });
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("A team named Sales already exists");
    const empty = await c.post("/admin/teams", { name: "  " });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Name is required");
  });

  test("unknown team ids are 404", async () => {
    expect((await c.get("/admin/teams/nope")).status).toBe(404);
    expect((await c.post("/admin/teams/nope", { name: "X" })).status).toBe(404);
    expect((await c.post("/admin/teams/nope/delete")).status).toBe(404);
    expect((await c.post("/admin/teams/nope/members", { userId: "x", role: "member" })).status).toBe(404);
  });

  test("members and several supervisors; only supervisors or admins may supervise", async () => {
    const id = await createTeam("Support");
    const agent = await addUser(t.db, "ann", "agent", "Ann Agent");
    const sup1 = await addUser(t.db, "sue", "supervisor", "Sue Super");
    const sup2 = await addUser(t.db, "sam", "supervisor", "Sam Super");
    expect((await c.post(`/admin/teams/${id}/members`, { userId: agent, role: "member" })).status).toBe(303);
    expect((await c.post(`/admin/teams/${id}/members`, { userId: sup1, role: "supervisor" })).status).toBe(303);
    expect((await c.post(`/admin/teams/${id}/members`, { userId: sup2, role: "supervisor" })).status).toBe(303);
    const refused = await c.post(`/admin/teams/${id}/members/${agent}/role`, { role: "supervisor" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain("Ann Agent is not a supervisor or admin");
    const again = await c.post(`/admin/teams/${id}/members`, { userId: agent, role: "member" });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("Ann Agent is already in this team");
    expect(supervisedTeamIds(t.db, sup1)).toEqual([id]);
    expect(supervisedTeamIds(t.db, sup2)).toEqual([id]);
    expect(supervisedTeamIds(t.db, agent)).toEqual([]);
    expect(teamsOfUser(t.db, agent).map((x) => [x.name, x.role])).toEqual([["Support", "member"]]);

    expect((await c.post(`/admin/teams/${id}/members/${sup2}/role`, { role: "member" })).status).toBe(303);
    expect(supervisedTeamIds(t.db, sup2)).toEqual([]);
    expect((await c.post(`/admin/teams/${id}/members/${agent}/remove`)).status).toBe(303);
    expect(teamsOfUser(t.db, agent)).toEqual([]);
    const page = await (await c.get(`/admin/teams/${id}`)).text();
    expect(page).toContain("Sue Super");
    expect(page).not.toContain("<td>Ann Agent</td>");
    const actions = listAudit(t.db, {}).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["team.member_added", "team.member_role_changed", "team.member_removed"]));
  });

  test("an agent added as supervisor directly is refused", async () => {
    const id = await createTeam("Support");
    const agent = await addUser(t.db, "ann", "agent", "Ann Agent");
    const res = await c.post(`/admin/teams/${id}/members`, { userId: agent, role: "supervisor" });
    expect(res.status).toBe(422);
    expect(supervisedTeamIds(t.db, agent)).toEqual([]);
  });

  test("a script in a team name is shown as text", async () => {
    await createTeam("<script>alert(1)</script>");
    const html = await (await c.get("/admin/teams")).text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
