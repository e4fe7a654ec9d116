import { Hono } from "hono";
import { PERSONAL_PREDEFINED } from "../../../views/console/predefined.tsx";
import { requireRole } from "../../auth/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { predefinedPages } from "../../predefined/routes.tsx";

/** /profile/predefined: every signed-in user's own predefined messages (FEATURES C5, A5). */
export function myPredefinedRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  app.use("*", requireRole("agent", "supervisor", "admin"));
  app.route("/", predefinedPages(deps, { scope: PERSONAL_PREDEFINED, personal: true }));
  return app as unknown as Hono<Env>;
}
