import { asc, eq, inArray } from "drizzle-orm";
import { type Context, Hono } from "hono";
import { type ReportPageProps, ReportPage } from "../../views/reports/report-page.tsx";
import { requireRole } from "../auth/index.ts";
import { queues, users } from "./read-model.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import { CHANNELS } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { Forbidden, NotFound, toCsv, ValidationError } from "../shared/index.ts";
import { queuesInScope, scopeOf, teamGroups } from "../supervisor/index.ts";
import { loadAgentReport } from "./agent-report.ts";
import { agentChart, queueCharts } from "./charts.ts";
import { type ReportFilters, readFilters } from "./filters.ts";
import { loadQueueReport } from "./queue-report.ts";
import { agentTable, type QueueInfo, queueTable, type ReportTable } from "./tables.ts";
import { centerTimeZone, INTERVALS } from "./time-zone.ts";

type C = Context<AuthedEnv>;
const INTERVAL_LABELS: Record<string, string> = { "15min": "15 minutes", hour: "Hour", day: "Day", week: "Week" };

/** The queue and agent reports (FEATURES S4) with their CSV exports, for supervisors (their teams) and admins. */
export function reportRoutes(deps: AppDeps): Hono<Env> {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();

  /** What the viewer may read: a supervisor their teams' agents and the departments those agents work in. */
  const scopeFor = (c: C) => {
    const scope = scopeOf(db, { id: c.get("user").id, role: c.get("user").role });
    const agentIds = [...new Set(teamGroups(db, scope).flatMap((g) => g.agentIds))];
    const queueIds = queuesInScope(db, scope, agentIds);
    const qs = queueIds.length ? db.select().from(queues).where(inArray(queues.id, queueIds)).all() : [];
    const departments: QueueInfo[] = queueIds.flatMap((id) => qs.filter((q) => q.id === id));
    const agents = agentIds.length
      ? db.select({ id: users.id, name: users.fullName }).from(users).where(inArray(users.id, agentIds)).orderBy(asc(users.fullName)).all()
      : [];
    return { departments, agents };
  };

  const page = (c: C, kind: "queues" | "agents", build: (f: ReportFilters, s: ReturnType<typeof scopeFor>) => Built) => {
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
      channels: CHANNELS.map((ch) => [ch, ch] as const),
      agents: scope.agents.map((a) => [a.id, a.name] as const),
      intervals: INTERVALS.map((i) => [i, INTERVAL_LABELS[i] as string] as const),
      table: null,
      charts: [],
      csvHref: "",
    };
    let filters: ReportFilters;
    try {
      filters = readFilters(query, clock.now(), zone);
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

  const queuesBuild = (f: ReportFilters, s: ReturnType<typeof scopeFor>): Built => {
    if (f.channel && !(CHANNELS as readonly string[]).includes(f.channel)) throw new ValidationError("Choose a channel from the list.");
    if (f.queueId && !s.departments.some((q) => q.id === f.queueId)) {
      if (!db.select({ id: queues.id }).from(queues).where(eq(queues.id, f.queueId)).get())
        throw new NotFound("There is no such department.");
      throw new Forbidden("That department is not in your teams' view: you may not read its report.");
    }
    const shown = s.departments.filter((q) => (!f.queueId || q.id === f.queueId) && (!f.channel || q.channel === f.channel));
    const zone = centerTimeZone(db);
    const rows = loadQueueReport(db, { queueIds: shown.map((q) => q.id), from: f.from, to: f.to, interval: f.interval, zone });
    return { table: queueTable(rows, shown, f.interval, zone), charts: queueCharts(rows, f.interval, zone) };
  };

  const agentsBuild = (f: ReportFilters, s: ReturnType<typeof scopeFor>): Built => {
    if (f.agentId && !s.agents.some((a) => a.id === f.agentId))
      throw new Forbidden("That agent is not in your teams: you may not read their report.");
    const shown = s.agents.filter((a) => !f.agentId || a.id === f.agentId);
    const zone = centerTimeZone(db);
    const days = loadAgentReport(db, { agentIds: shown.map((a) => a.id), from: f.from, to: f.to, zone, now: clock.now() });
    return { table: agentTable(days, shown, CHANNELS, zone), charts: [agentChart(days, shown)] };
  };

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

type Built = { table: ReportTable; charts: ReportPageProps["charts"] };
