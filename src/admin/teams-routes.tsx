import { type Context, Hono } from "hono";
import { ConfirmDeletePage } from "../../views/components/confirm-delete.tsx";
import { TeamEditPage } from "../../views/admin/teams-edit.tsx";
import { TeamsPage } from "../../views/admin/teams.tsx";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import { changingTeam } from "./live-access.ts";
import { getSettings } from "../settings/index.ts";
import { FormReader, ValidationError } from "../shared/index.ts";
import {
  addTeamMember,
  createTeam,
  deleteTeam,
  getTeam,
  listTeamMembers,
  listTeams,
  readTeamForm,
  removeTeamMember,
  setTeamMemberRole,
  TEAM_ROLES,
  teamCandidates,
  updateTeam,
} from "../teams/index.ts";

type C = Context<AuthedEnv>;
const str = (v: unknown) => (typeof v === "string" ? v : "");

/** Admin pages: teams and their members and supervisors (FEATURES A4). */
export function teamsRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const frame = (c: C) => ({ csrf: c.get("csrfToken"), user: c.get("user"), centerName: getSettings(db).centerName });
  const actor = (c: C) => ({ id: c.get("user").id, name: c.get("user").username });
  const editPage = (c: C, id: string, extra: Partial<Parameters<typeof TeamEditPage>[0]> = {}) =>
    TeamEditPage({ ...frame(c), team: getTeam(db, id), members: listTeamMembers(db, id), candidates: teamCandidates(db), ...extra });

  // A membership change (or the team's deletion) re-decides what its people's open live views may hear.
  app.use("/:id/*", async (c, next) => {
    if (c.req.method !== "POST") return next();
    await changingTeam(deps, c.req.param("id") ?? "", next);
  });

  app.get("/", (c) => c.html(<TeamsPage {...frame(c)} teams={listTeams(db)} />));

  app.post("/", async (c) => {
    const body = await formBody(c);
    try {
      const id = createTeam(db, readTeamForm(body), actor(c), clock.now());
      return c.redirect(`/admin/teams/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = { name: str(body.name), description: str(body.description) };
      return c.html(<TeamsPage {...frame(c)} teams={listTeams(db)} values={values} errors={err.fields} message={err.message} />, 422);
    }
  });

  app.get("/:id", (c) => c.html(editPage(c, c.req.param("id"))));

  app.post("/:id", async (c) => {
    const id = c.req.param("id");
    const body = await formBody(c);
    try {
      updateTeam(db, id, readTeamForm(body), actor(c), clock.now());
      return c.redirect(`/admin/teams/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = { name: str(body.name), description: str(body.description) };
      return c.html(editPage(c, id, { values, errors: err.fields, message: err.message }), 422);
    }
  });

  app.get("/:id/delete", (c) => {
    const team = getTeam(db, c.req.param("id"));
    const base = `/admin/teams/${team.id}`;
    const consequence = "Its members stay as users; only the team and its memberships go.";
    return c.html(
      <ConfirmDeletePage {...frame(c)} what={`team ${team.name}`} action={`${base}/delete`} cancel={base} consequence={consequence} />,
    );
  });

  app.post("/:id/delete", (c) => {
    deleteTeam(db, c.req.param("id"), actor(c), clock.now());
    return c.redirect("/admin/teams", 303);
  });

  app.post("/:id/members", async (c) => {
    const id = c.req.param("id");
    const form = new FormReader(await formBody(c));
    const userId = form.text("userId", { label: "User", required: true, max: 64 });
    const role = form.oneOf("role", "Role in team", TEAM_ROLES, "member");
    try {
      form.done();
      addTeamMember(db, id, userId, role, actor(c), clock.now());
      return c.redirect(`/admin/teams/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(editPage(c, id, { memberErrors: err.fields, memberMessage: err.message }), 422);
    }
  });

  app.post("/:id/members/:userId/role", async (c) => {
    const { id, userId } = c.req.param();
    const form = new FormReader(await formBody(c));
    const role = form.oneOf("role", "Role in team", TEAM_ROLES);
    try {
      form.done();
      setTeamMemberRole(db, id, userId, role, actor(c), clock.now());
      return c.redirect(`/admin/teams/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return c.html(editPage(c, id, { memberMessage: Object.values(err.fields)[0] ?? err.message }), 422);
    }
  });

  app.post("/:id/members/:userId/remove", (c) => {
    const { id, userId } = c.req.param();
    removeTeamMember(db, id, userId, actor(c), clock.now());
    return c.redirect(`/admin/teams/${id}`, 303);
  });

  return app;
}
