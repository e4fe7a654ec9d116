import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";

/** Admin pages: agents. */
export function agentsRoutes(deps: AppDeps) {
  const app = new Hono<AuthedEnv>();
  void deps;
  return app;
}
