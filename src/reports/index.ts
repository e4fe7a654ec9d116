/** Reporting (FEATURES R3, S4): the append-only event log, filled from the event bus, and the report pages. */
export { attachReportLog, REPORTED_EVENTS, reportEvents } from "./listener.ts";
