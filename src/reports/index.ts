/** Reporting (FEATURES R3, S4): the append-only event log, filled from the event bus, and the report pages. */
export { attachReportLog, REPORTED_EVENTS, type ReportedEvent, reportEvents } from "./listener.ts";
export { reportRoutes } from "./routes.tsx";
export type { HistoryDetail } from "./history-detail.ts";
export { historyRoutes } from "./history-routes.tsx";
export { purgeExpired, startRetentionPurge } from "./retention.ts";
export type { DayFigures, MyStats } from "./my-stats.ts";
export { myStatsRoutes } from "./my-stats-routes.tsx";
