import { Hono } from "hono";
import { requireRole } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { Env } from "../http/env.ts";

/** The admin pages (FEATURES A). Every route below requires the admin role. */
export function adminRoutes(deps: AppDeps) {
  const app = new Hono<Env>();
  app.use("*", requireRole("admin") as never);
  app.get("/", (c) => c.redirect("/admin/agents"));
  void deps;
  return app;
}
