import { ValidationError } from "../shared/index.ts";
import { dayStart, INTERVALS, type Interval, wallLabel } from "./time-zone.ts";

export type ReportFilters = {
  /** Local dates, both included. */
  fromDate: string;
  toDate: string;
  interval: Interval;
  queueId: string;
  channel: string;
  agentId: string;
  /** The instants the range begins and ends (exclusive) in the center's zone. */
  from: number;
  to: number;
};

const DAY = 86_400_000;
/** The longest range per interval, so a page stays a page (a month of hours is ~750 rows per department). */
const MAX_DAYS: Record<Interval, number> = { "15min": 7, hour: 31, day: 366, week: 366 };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the report filters of a query string; today by the hour when nothing is given. */
export function readFilters(query: Record<string, string | undefined>, now: number, zone: string): ReportFilters {
  const today = wallLabel(now, zone, false);
  const fromDate = query.from || today;
  const toDate = query.to || fromDate;
  const interval = (query.interval || "hour") as Interval;
  const errors: Record<string, string> = {};
  for (const [name, value] of [
    ["from", fromDate],
    ["to", toDate],
  ] as const)
    if (!DATE.test(value) || Number.isNaN(Date.parse(value))) errors[name] = `The ${name === "from" ? "first" : "last"} day is not a date.`;
  if (!INTERVALS.includes(interval)) errors.interval = "Choose an interval from the list.";
  const filters = {
    fromDate,
    toDate,
    interval: INTERVALS.includes(interval) ? interval : "hour",
    queueId: query.queue ?? "",
    channel: query.channel ?? "",
    agentId: query.agent ?? "",
    from: 0,
    to: 0,
  } satisfies ReportFilters;
  if (Object.keys(errors).length) throw new ValidationError(Object.values(errors)[0] as string, errors);
  filters.from = dayStart(fromDate, zone);
  filters.to = dayStart(wallLabel(dayStart(toDate, zone) + 26 * 3600_000, zone, false), zone);
  const days = Math.round((filters.to - filters.from) / DAY);
  if (days < 1) throw new ValidationError("The last day comes before the first.", { to: "The last day comes before the first." });
  if (days > MAX_DAYS[filters.interval]) {
    const message = `By ${filters.interval === "15min" ? "15 minutes" : filters.interval}, a report covers at most ${MAX_DAYS[filters.interval]} days.`;
    throw new ValidationError(message, { to: message });
  }
  return filters;
}
