import type { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import type { Env } from "../http/env.ts";
import { registerAppMetrics } from "./app-metrics.ts";

/** Health and Prometheus metrics (FEATURES D6); no session needed so monitoring can scrape them. */
export function opsRoutes(app: Hono<Env>, deps: AppDeps): void {
  registerAppMetrics(deps.metrics, deps.db, deps.clock);
  app.get("/healthz", (c) => {
    try {
      deps.db.$client.query("SELECT 1").get();
    } catch (err) {
      deps.log.error("health check failed", { err, requestId: c.get("requestId") });
      return c.json({ status: "error", error: "database unavailable" }, 503);
    }
    // A full disk fails every write: monitoring must hear of it before visitors and agents do.
    const disk = deps.disk.status();
    return disk.ok ? c.json({ status: "ok" }) : c.json({ status: "error", error: disk.reason }, 503);
  });
  app.get("/metrics", (c) => c.body(deps.metrics.render(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }));
}
