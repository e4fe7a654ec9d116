import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { CHANNELS } from "../routing/index.ts";
import { Forbidden, NotFound, ValidationError } from "../shared/index.ts";
import { queuesInScope, scopeOf, teamGroups } from "../supervisor/index.ts";
import { loadAgentReport } from "./agent-report.ts";
import { agentChart, type ChartSpec, queueCharts } from "./charts.ts";
import { type ReportFilters, readFilters } from "./filters.ts";
import { loadQueueReport } from "./queue-report.ts";
import { queues, users } from "./read-model.ts";
import { type AgentInfo, agentTable, type QueueInfo, queueTable, type ReportTable } from "./tables.ts";
import { centerTimeZone } from "./time-zone.ts";

/** What a viewer may read: a supervisor their teams' agents and the departments those agents work in; an admin all. */
export type ReportScope = { departments: QueueInfo[]; agents: AgentInfo[] };
export type BuiltReport = { table: ReportTable; charts: ChartSpec[] };

export function reportScope(db: Db, viewer: { id: string; role: "agent" | "supervisor" | "admin" }): ReportScope {
  const scope = scopeOf(db, viewer);
  const agentIds = [...new Set(teamGroups(db, scope).flatMap((g) => g.agentIds))];
  const queueIds = queuesInScope(db, scope, agentIds);
  const qs = queueIds.length ? db.select().from(queues).where(inArray(queues.id, queueIds)).all() : [];
  const departments: QueueInfo[] = queueIds.flatMap((id) => qs.filter((q) => q.id === id));
  const agents = agentIds.length
    ? db.select({ id: users.id, name: users.fullName }).from(users).where(inArray(users.id, agentIds)).orderBy(asc(users.fullName)).all()
    : [];
  return { departments, agents };
}

/** The report filters of a query (from, to, interval, queue, channel, agent) in the center's time zone. */
export function reportFilters(db: Db, query: Record<string, string | undefined>, now: number): ReportFilters {
  return readFilters(query, now, centerTimeZone(db));
}

/** The queue report (FEATURES S4) for the departments in scope matching the filters: the table the page and CSV show. */
export function buildQueueReport(db: Db, f: ReportFilters, s: ReportScope): BuiltReport {
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
}

/** The agent report (FEATURES S4) for the agents in scope matching the filters. */
export function buildAgentReport(db: Db, f: ReportFilters, s: ReportScope, now: number): BuiltReport {
  if (f.agentId && !s.agents.some((a) => a.id === f.agentId))
    throw new Forbidden("That agent is not in your teams: you may not read their report.");
  const shown = s.agents.filter((a) => !f.agentId || a.id === f.agentId);
  const zone = centerTimeZone(db);
  const days = loadAgentReport(db, { agentIds: shown.map((a) => a.id), from: f.from, to: f.to, zone, now });
  return { table: agentTable(days, shown, CHANNELS, zone), charts: [agentChart(days, shown)] };
}
