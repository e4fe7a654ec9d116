/** Reporting (FEATURES R3, S4): the append-only event log, filled from the event bus, and the report pages. */
export { attachReportLog, REPORTED_EVENTS, type ReportedEvent, reportEvents } from "./listener.ts";
export type { HistoryDetail } from "./history-detail.ts";
export { purgeExpired, startRetentionPurge } from "./retention.ts";
export type { DayFigures, MyStats } from "./my-stats.ts";
export type { ChartSpec } from "./charts.ts";
