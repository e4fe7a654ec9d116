/** Reporting (FEATURES R3, S4): the append-only event log, filled from the event bus, and the report pages. */
export { attachReportLog, REPORTED_EVENTS, type ReportedEvent, reportEvents } from "./listener.ts";
export type { HistoryDetail } from "./history-detail.ts";
export { purgeExpired, startRetentionPurge } from "./retention.ts";
export type { DayFigures, MyStats } from "./my-stats.ts";
export type { ChartSpec } from "./charts.ts";
export {
  /** The queue report's table, as the page and its CSV show it. */
  buildQueueReport,
  /** The agent report's table, as the page and its CSV show it. */
  buildAgentReport,
  /** The report filters of a query in the center's time zone (422 when refused). */
  reportFilters,
  /** The departments and agents a viewer's reports cover. */
  reportScope,
} from "./report-builds.ts";
export { INTERVALS } from "./time-zone.ts";
