import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppDeps } from "../deps.ts";
import { CHANNELS } from "../routing/index.ts";
import { buildAgentReport, buildQueueReport, INTERVALS, reportFilters, reportScope } from "../reports/index.ts";
import { NotFound } from "../shared/index.ts";
import { needs, tokenActor } from "./auth.ts";
import { jsonAnswer } from "./describe.ts";
import type { ApiEnv } from "./env.ts";
import { errorResponses } from "./errors.ts";

const Day = z
  .string()
  .max(10)
  .optional()
  .openapi({ description: "A day in the center's time zone (YYYY-MM-DD); today when absent.", example: "2026-12-08" });
const Period = {
  from: Day,
  to: Day.openapi({ description: "The last day included (YYYY-MM-DD); the first day when absent." }),
};

const Interval = z
  .enum(INTERVALS)
  .optional()
  .openapi({ description: "hour when absent; it also bounds the range (7 days by 15 minutes, 31 by hour, 366 by day or week)." });

export const ReportTableBody = z
  .object({
    from: z.string(),
    to: z.string(),
    interval: z.string().optional(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.string())).openapi({ description: "The cells exactly as the report page and its CSV export show them." }),
  })
  .openapi("ReportTable");

export const reportRoutes = {
  queues: createRoute({
    method: "get",
    path: "/reports/queues",
    operationId: "getQueueReport",
    tags: ["Reports"],
    summary: "The queue report: per department and interval, with a total per department, as Reports → Queues shows it",
    middleware: [needs("reports:read")] as const,
    request: {
      query: z.object({
        ...Period,
        interval: Interval,
        departmentId: z.string().max(64).optional(),
        channel: z.enum(CHANNELS).optional(),
      }),
    },
    responses: { 200: jsonAnswer(ReportTableBody, "The report's table."), ...errorResponses(404, 422) },
  }),
  agents: createRoute({
    method: "get",
    path: "/reports/agents",
    operationId: "getAgentReport",
    tags: ["Reports"],
    summary: "The agent report: per agent and day, as Reports → Agents shows it",
    middleware: [needs("reports:read")] as const,
    request: { query: z.object({ ...Period, interval: Interval, agentId: z.string().max(64).optional() }) },
    responses: { 200: jsonAnswer(ReportTableBody, "The report's table."), ...errorResponses(404, 422) },
  }),
};

export function mountReportRoutes(api: OpenAPIHono<ApiEnv>, deps: AppDeps): void {
  const { db, clock } = deps;
  // The token reads center-wide, as the admin who issued it would.
  const scope = (token: ApiEnv["Variables"]["token"]) => reportScope(db, { id: tokenActor(token).id ?? "", role: "admin" });

  api.openapi(reportRoutes.queues, (c) => {
    const { from, to, interval, departmentId, channel } = c.req.valid("query");
    const f = reportFilters(db, { from, to, interval, queue: departmentId, channel }, clock.now());
    const { table } = buildQueueReport(db, f, scope(c.get("token")));
    return c.json({ from: f.fromDate, to: f.toDate, interval: f.interval, columns: table.headers, rows: table.rows }, 200);
  });

  api.openapi(reportRoutes.agents, (c) => {
    const { from, to, interval, agentId } = c.req.valid("query");
    const f = reportFilters(db, { from, to, interval, agent: agentId }, clock.now());
    const everyone = scope(c.get("token"));
    if (agentId && !everyone.agents.some((a) => a.id === agentId)) throw new NotFound("There is no such agent.");
    const { table } = buildAgentReport(db, f, everyone, clock.now());
    return c.json({ from: f.fromDate, to: f.toDate, columns: table.headers, rows: table.rows }, 200);
  });
}
