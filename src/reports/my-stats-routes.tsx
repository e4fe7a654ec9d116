import { Hono } from "hono";
import { MyStatsTable } from "../../views/reports/my-stats.tsx";
import { requireRole } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import { getSettings } from "../settings/index.ts";
import { formatClock } from "../shared/index.ts";
import { myStats } from "./my-stats.ts";
import { duration } from "./tables.ts";

/** The console's "My statistics today" fragment (FEATURES C12), fetched on load and after each state or work change. */
export function myStatsRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  app.get("/console/my-stats", requireRole("agent", "supervisor"), (c) => {
    const now = deps.clock.now();
    const zone = getSettings(deps.db).timeZone;
    const stats = myStats(deps.db, c.get("user").id, now, zone);
    return c.html(<MyStatsTable stats={stats} duration={duration} asOf={formatClock(now, zone)} />);
  });
  return app as unknown as Hono<Env>;
}
