import { CHANNELS } from "../routing/index.ts";
import { ValidationError } from "../shared/index.ts";
import { dayStart, wallLabel } from "./time-zone.ts";

/** What the history search asks for (FEATURES S4); empty strings mean "any". */
export type HistoryQuery = {
  /** Local dates in the center's zone, both included. */
  fromDate: string;
  toDate: string;
  /** Part of the customer's name, number or email address. */
  customer: string;
  agentId: string;
  queueId: string;
  channel: string;
  disposition: string;
  /** Part of the value of an attached-data field. */
  attached: string;
  /** Part of a chat message. */
  text: string;
};

export type HistoryFilters = HistoryQuery & {
  /** The instants the range begins and ends (exclusive). */
  from: number;
  to: number;
  /** Where the previous page stopped (newest first), or null for the first page. */
  after: HistoryCursor | null;
};

export type HistoryCursor = { createdAt: number; id: string };

const DAY = 86_400_000;
/** A search covers at most a year, so one search never reads the whole table. */
export const HISTORY_MAX_DAYS = 366;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_MAX = 100;

/** Reads the search form of a query string; the last seven days when no range is given. */
export function readHistoryQuery(query: Record<string, string | undefined>, now: number, zone: string): HistoryFilters {
  const today = wallLabel(now, zone, false);
  const toDate = query.to || today;
  const fromDate = query.from || wallLabel(dayStart(toDate, zone) - 6 * DAY + 12 * 3600_000, zone, false);
  const errors: Record<string, string> = {};
  const text = (name: string, label: string) => {
    const v = (query[name] ?? "").trim();
    if (v.length > TEXT_MAX) errors[name] = `${label}: at most ${TEXT_MAX} characters.`;
    return v;
  };
  const filters: HistoryFilters = {
    fromDate,
    toDate,
    customer: text("customer", "Customer"),
    agentId: query.agent ?? "",
    queueId: query.queue ?? "",
    channel: query.channel ?? "",
    disposition: text("disposition", "Disposition"),
    attached: text("attached", "Attached data"),
    text: text("text", "Chat text"),
    from: 0,
    to: 0,
    after: readCursor(query.after),
  };
  for (const [name, value] of [
    ["from", fromDate],
    ["to", toDate],
  ] as const)
    if (!DATE.test(value) || Number.isNaN(Date.parse(value))) errors[name] = `The ${name === "from" ? "first" : "last"} day is not a date.`;
  if (filters.channel && !(CHANNELS as readonly string[]).includes(filters.channel)) errors.channel = "Choose a channel from the list.";
  if (query.after && !filters.after) errors.after = "That page link is not valid: start again from the first page.";
  if (Object.keys(errors).length) throw new ValidationError(Object.values(errors)[0] as string, errors);
  filters.from = dayStart(fromDate, zone);
  filters.to = dayStart(wallLabel(dayStart(toDate, zone) + 26 * 3600_000, zone, false), zone);
  const days = Math.round((filters.to - filters.from) / DAY);
  if (days < 1) throw new ValidationError("The last day comes before the first.", { to: "The last day comes before the first." });
  if (days > HISTORY_MAX_DAYS) {
    const message = `A search covers at most ${HISTORY_MAX_DAYS} days.`;
    throw new ValidationError(message, { to: message });
  }
  return filters;
}

/** The page link's `after`: "<createdAt>.<id>". */
export function cursorParam(c: HistoryCursor): string {
  return `${c.createdAt}.${c.id}`;
}

function readCursor(value: string | undefined): HistoryCursor | null {
  const m = value?.match(/^(\d{1,15})\.([\w-]{1,64})$/);
  return m ? { createdAt: Number(m[1]), id: m[2] as string } : null;
}

/** The query string of a search (without its page), for links and the CSV export. */
export function searchParams(f: HistoryQuery): URLSearchParams {
  const pairs: [string, string][] = [
    ["from", f.fromDate],
    ["to", f.toDate],
    ["customer", f.customer],
    ["agent", f.agentId],
    ["queue", f.queueId],
    ["channel", f.channel],
    ["disposition", f.disposition],
    ["attached", f.attached],
    ["text", f.text],
  ];
  return new URLSearchParams(pairs.filter(([, v]) => v !== ""));
}
