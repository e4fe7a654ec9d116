import { Hono } from "hono";
import { ROLES, USER_STATES } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { FormReader } from "../shared/index.ts";
import { agentAccountRoutes } from "./agents-account-routes.tsx";
import { agentBulkRoutes } from "./agents-bulk-routes.tsx";
import { agentFormRoutes } from "./agents-form-routes.tsx";
import { renderList } from "./agents-render.tsx";

const DONE: Record<string, (n: number) => string> = {
  deleted: (n) => (n === 1 ? "1 user deleted." : `${n} users deleted.`),
  disabled: (n) => `${n} ${n === 1 ? "user" : "users"} disabled and signed out.`,
  enabled: (n) => `${n} ${n === 1 ? "user" : "users"} enabled.`,
  unlocked: (n) => `${n} ${n === 1 ? "user" : "users"} unlocked.`,
};

/** Admin → Agents (FEATURES A2): list, search, bulk actions, and the pages of one user. */
export function agentsRoutes(deps: AppDeps) {
  const app = new Hono<AuthedEnv>();

  app.get("/", (c) => {
    const form = new FormReader(c.req.queries());
    const filter = {
      q: form.text("q", { label: "Search", max: 100 }),
      role: form.oneOf("role", "Role", ["", ...ROLES], ""),
      state: form.oneOf("state", "State", ["", ...USER_STATES], ""),
    };
    const page = form.int("page", { label: "Page", min: 1, max: 1_000_000, fallback: 1 });
    const bad = Object.keys(form.errors).length > 0;
    const n = Number(c.req.query("n"));
    const notice = DONE[c.req.query("done") ?? ""]?.(Number.isSafeInteger(n) && n >= 0 ? n : 0);
    // Show what can be shown; a bad filter value falls back to "any" with its message.
    if (form.errors.role) filter.role = "";
    if (form.errors.state) filter.state = "";
    if (form.errors.q) filter.q = "";
    const message = bad ? Object.values(form.errors).join(". ") : null;
    return renderList(c, deps, filter, bad ? 1 : page, { notice, message, errors: form.errors }, bad ? 422 : 200);
  });

  app.route("/", agentBulkRoutes(deps));
  app.route("/", agentFormRoutes(deps));
  app.route("/", agentAccountRoutes(deps));
  return app;
}
