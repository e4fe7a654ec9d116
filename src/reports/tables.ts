import type { AgentDay } from "./agent-report.ts";
import { type QueueFigures, type QueueReportRow, serviceLevel, sumFigures } from "./queue-report.ts";
import { type Interval, wallLabel } from "./time-zone.ts";

/** A report table as shown: the page renders it and the CSV export writes the very same cells. */
export type ReportTable = { headers: string[]; rows: string[][] };

export type QueueInfo = { id: string; name: string; channel: string };

/** "1:02:05" (hours, minutes, seconds). */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

const avg = (sum: number, n: number) => (n ? duration(sum / n) : "");

const QUEUE_HEADERS = [
  "Interval",
  "Department",
  "Channel",
  "Offered",
  "Answered",
  "Abandoned",
  "Abandoned within 5 s",
  "Overflowed out",
  "Still waiting",
  "Transferred in",
  "Overflowed in",
  "Transferred out",
  "Ring timeouts",
  "Average speed of answer",
  "Longest speed of answer",
  "Average handle time",
  "Service level %",
  "CSAT average",
  "CSAT count",
];

function queueCells(label: string, q: QueueInfo, f: QueueFigures): string[] {
  const sl = serviceLevel(f);
  return [
    label,
    q.name,
    q.channel,
    ...[f.offered, f.answered, f.abandoned, f.abandonedShort, f.overflowedOut, f.stillWaiting].map(String),
    ...[f.transferredIn, f.overflowedIn, f.transferredOut, f.ringTimeouts].map(String),
    avg(f.waitSumMs, f.answered),
    f.answered ? duration(f.waitMaxMs) : "",
    avg(f.handleSumMs, f.handled),
    sl === null ? "" : String(sl),
    f.ratings ? (f.ratingSum / f.ratings).toFixed(2) : "",
    String(f.ratings),
  ];
}

/** One row per department and interval, then each department's total over the range. */
export function queueTable(rows: QueueReportRow[], queues: QueueInfo[], interval: Interval, zone: string): ReportTable {
  const out: string[][] = [];
  const withTime = interval === "15min" || interval === "hour";
  for (const q of queues) {
    const mine = rows.filter((r) => r.queueId === q.id);
    if (mine.length === 0) continue;
    for (const r of mine) out.push(queueCells(wallLabel(r.start, zone, withTime), q, r.figures));
    out.push(queueCells("Total", q, sumFigures(mine.map((r) => r.figures))));
  }
  return { headers: QUEUE_HEADERS, rows: out };
}

export type AgentInfo = { id: string; name: string };

/** One row per agent and day; a column per channel and per Not Ready reason that occurs. */
export function agentTable(days: AgentDay[], agents: AgentInfo[], channels: readonly string[], zone: string): ReportTable {
  const reasons = [...new Set(days.flatMap((d) => Object.keys(d.notReadyMs)))].sort();
  const headers = [
    "Day",
    "Agent",
    ...channels.map((c) => `Handled ${c}`),
    "Talk time",
    "Wrap-up time",
    "Ready",
    "Busy",
    ...reasons.map((r) => `Not Ready: ${r}`),
    "Logged in",
    "Missed offers",
    "Rejected offers",
    "Transfers made",
  ];
  const out: string[][] = [];
  for (const a of agents)
    for (const d of days.filter((x) => x.agentId === a.id))
      out.push([
        wallLabel(d.day, zone, false),
        a.name,
        ...channels.map((c) => String(d.handled[c] ?? 0)),
        duration(d.talkMs),
        duration(d.wrapUpMs),
        duration(d.readyMs),
        duration(d.busyMs),
        ...reasons.map((r) => duration(d.notReadyMs[r] ?? 0)),
        duration(d.loggedInMs),
        String(d.missed),
        String(d.rejected),
        String(d.transfers),
      ]);
  return { headers, rows: out };
}
