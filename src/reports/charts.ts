import type { AgentDay } from "./agent-report.ts";
import { type QueueReportRow, serviceLevel, sumFigures } from "./queue-report.ts";
import type { AgentInfo } from "./tables.ts";
import { type Interval, wallLabel } from "./time-zone.ts";

/** A chart as reports.js draws it with the embedded chart library; the table below holds the same figures. */
export type ChartSpec = {
  id: string;
  title: string;
  kind: "bar" | "line";
  labels: string[];
  datasets: { label: string; data: (number | null)[]; kind?: "bar" | "line"; stack?: string }[];
  stacked?: boolean;
  yTitle: string;
};

const HOUR = 3_600_000;
const hours = (ms: number) => Math.round((ms / HOUR) * 100) / 100;

/** Volumes (answered and abandoned stacked, offered as a line) and service level over the intervals, all departments shown together. */
export function queueCharts(rows: QueueReportRow[], interval: Interval, zone: string): ChartSpec[] {
  const starts = [...new Set(rows.map((r) => r.start))].sort((a, b) => a - b);
  const labels = starts.map((s) => wallLabel(s, zone, interval === "15min" || interval === "hour"));
  const totals = starts.map((s) => sumFigures(rows.filter((r) => r.start === s).map((r) => r.figures)));
  return [
    {
      id: "chart-volumes",
      title: "Offered, answered and abandoned",
      kind: "bar",
      labels,
      stacked: true,
      yTitle: "Interactions",
      datasets: [
        { label: "Answered", data: totals.map((f) => f.answered), stack: "outcome" },
        { label: "Abandoned", data: totals.map((f) => f.abandoned), stack: "outcome" },
        { label: "Offered", data: totals.map((f) => f.offered), kind: "line", stack: "offered" },
      ],
    },
    {
      id: "chart-service-level",
      title: "Service level (%)",
      kind: "line",
      labels,
      yTitle: "%",
      datasets: [{ label: "Service level", data: totals.map((f) => serviceLevel(f)) }],
    },
  ];
}

/** Hours per state for each agent over the whole range, as stacked bars. */
export function agentChart(days: AgentDay[], agents: AgentInfo[]): ChartSpec {
  const shown = agents.filter((a) => days.some((d) => d.agentId === a.id));
  const sum = (id: string, pick: (d: AgentDay) => number) => hours(days.filter((d) => d.agentId === id).reduce((n, d) => n + pick(d), 0));
  const notReady = (d: AgentDay) => Object.values(d.notReadyMs).reduce((a, b) => a + b, 0);
  return {
    id: "chart-agent-states",
    title: "Time per state (hours)",
    kind: "bar",
    labels: shown.map((a) => a.name),
    stacked: true,
    yTitle: "Hours",
    datasets: [
      { label: "Ready", data: shown.map((a) => sum(a.id, (d) => d.readyMs)) },
      { label: "Busy", data: shown.map((a) => sum(a.id, (d) => d.busyMs)) },
      { label: "Wrap-up", data: shown.map((a) => sum(a.id, (d) => d.wrapUpMs)) },
      { label: "Not Ready", data: shown.map((a) => sum(a.id, notReady)) },
    ],
  };
}
