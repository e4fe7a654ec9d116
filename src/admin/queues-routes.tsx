import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";

/** Admin pages: queues. */
export function queuesRoutes(deps: AppDeps) {
  const app = new Hono<AuthedEnv>();
  void deps;
  return app;
}
