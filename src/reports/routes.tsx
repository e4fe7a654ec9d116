import { type Context, Hono } from "hono";
import { type ReportPageProps, ReportPage } from "../../views/reports/report-page.tsx";
import { requireRole } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import { LIVE_CHANNELS } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { toCsv, ValidationError } from "../shared/index.ts";
import type { ReportFilters } from "./filters.ts";
import { type BuiltReport, buildAgentReport, buildQueueReport, type ReportScope, reportFilters, reportScope } from "./report-builds.ts";
import type { ReportTable } from "./tables.ts";
import { centerTimeZone, INTERVALS } from "./time-zone.ts";

type C = Context<AuthedEnv>;
const INTERVAL_LABELS: Record<string, string> = { "15min": "15 minutes", hour: "Hour", day: "Day", week: "Week" };

/** The queue and agent reports (FEATURES S4) with their CSV exports, for supervisors (their teams) and admins. */
export function reportRoutes(deps: AppDeps): Hono<Env> {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();

  const scopeFor = (c: C) => reportScope(db, { id: c.get("user").id, role: c.get("user").role });

  const page = (c: C, kind: "queues" | "agents", build: (f: ReportFilters, s: ReportScope) => Built) => {
    const zone = centerTimeZone(db);
    const scope = scopeFor(c);
    const query = c.req.query();
    const base: ReportPageProps = {
      csrf: c.get("csrfToken"),
      user: c.get("user"),
      centerName: getSettings(db).centerName,
      kind,
      values: {
        from: query.from ?? "",
        to: query.to ?? "",
        interval: query.interval ?? "hour",
        queue: query.queue ?? "",
        channel: query.channel ?? "",
        agent: query.agent ?? "",
      },
      zone,
      departments: scope.departments.map((q) => [q.id, `${q.name} (${q.channel})`] as const),
      channels: LIVE_CHANNELS.map((ch) => [ch, ch] as const),
      agents: scope.agents.map((a) => [a.id, a.name] as const),
      intervals: INTERVALS.map((i) => [i, INTERVAL_LABELS[i] as string] as const),
      table: null,
      charts: [],
      csvHref: "",
    };
    let filters: ReportFilters;
    try {
      filters = reportFilters(db, query, clock.now());
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return { error: err, props: base };
    }
    const built = build(filters, scope);
    base.values = { ...base.values, from: filters.fromDate, to: filters.toDate, interval: filters.interval };
    const params = new URLSearchParams(Object.entries(base.values).filter(([, v]) => v !== ""));
    return {
      props: { ...base, table: built.table, charts: built.charts, csvHref: `/reports/${kind}.csv?${params}` },
      filename: `${kind}-${filters.fromDate}-${filters.toDate}.csv`,
    };
  };

  const queuesBuild = (f: ReportFilters, s: ReportScope): Built => buildQueueReport(db, f, s);
  const agentsBuild = (f: ReportFilters, s: ReportScope): Built => buildAgentReport(db, f, s, clock.now());

  const html = (c: C, kind: "queues" | "agents", build: typeof queuesBuild) => {
    const r = page(c, kind, build);
    if ("error" in r && r.error) {
      return c.html(<ReportPage {...r.props} errors={r.error.fields} message={r.error.message} />, 422);
    }
    return c.html(<ReportPage {...r.props} />);
  };
  const csv = (c: C, kind: "queues" | "agents", build: typeof queuesBuild) => {
    const r = page(c, kind, build);
    if ("error" in r && r.error) throw r.error;
    const table = r.props.table as ReportTable;
    c.header("Content-Disposition", `attachment; filename="${"filename" in r ? r.filename : "report.csv"}"`);
    return c.body(toCsv([table.headers, ...table.rows]), 200, { "Content-Type": "text/csv; charset=utf-8" });
  };

  app.use("*", requireRole("supervisor", "admin"));
  app.get("/", (c) => c.redirect("/reports/queues"));
  app.get("/queues", (c) => html(c, "queues", queuesBuild));
  app.get("/queues.csv", (c) => csv(c, "queues", queuesBuild));
  app.get("/agents", (c) => html(c, "agents", agentsBuild));
  app.get("/agents.csv", (c) => csv(c, "agents", agentsBuild));
  return app as unknown as Hono<Env>;
}

type Built = BuiltReport;
