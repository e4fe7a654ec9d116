import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";

/** Admin pages: teams. */
export function teamsRoutes(deps: AppDeps) {
  const app = new Hono<AuthedEnv>();
  void deps;
  return app;
}
