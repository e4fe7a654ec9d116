import { formatDateTime } from "../shared/index.ts";
import type { HistoryRow } from "./history-search.ts";
import { duration, type ReportTable } from "./tables.ts";

export const HISTORY_HEADERS = [
  "Started",
  "Customer",
  "Number or email",
  "Channel",
  "Direction",
  "Department",
  "Agent",
  "Talk time",
  "Outcome",
  "Disposition",
  "Rating",
];

const STATUS_WORDS: Record<string, string> = { queued: "Waiting", active: "In progress", wrap_up: "In wrap-up" };
const REASON_WORDS: Record<string, string> = {
  completed: "Completed",
  hang_up: "Customer hung up",
  abandoned: "Abandoned",
  "no-answer": "No answer",
  "overflow-announcement": "Overflowed to an announcement",
  "overflow-hangup": "Overflowed: hung up",
  "overflow-voicemail": "Overflowed to voicemail",
};

/** Shows a customer's number or email as the viewer may see it (masked for users whose profile says so, A2). */
export type Reveal = (address: string) => string;

/** The customer's name and address as shown; a caller known only by number has the number as name, masked alike. */
export function revealed(r: { customerName: string; customerAddress: string }, reveal: Reveal): [string, string] {
  const name = r.customerAddress && r.customerName === r.customerAddress ? reveal(r.customerName) : r.customerName;
  return [name, reveal(r.customerAddress)];
}

/** How an interaction ended (or where it stands), in words. */
export function outcomeOf(r: Pick<HistoryRow, "status" | "endReason">): string {
  if (r.status !== "ended") return STATUS_WORDS[r.status] ?? r.status;
  return REASON_WORDS[r.endReason ?? ""] ?? (r.endReason || "Ended");
}

/** The history results as shown: the page renders these cells, with a link to each detail page, and the CSV writes the same. */
export function historyTable(rows: HistoryRow[], zone: string, reveal: Reveal): ReportTable & { ids: string[] } {
  return {
    headers: HISTORY_HEADERS,
    ids: rows.map((r) => r.id),
    rows: rows.map((r) => [
      formatDateTime(r.createdAt, zone),
      ...revealed(r, reveal),
      r.channel,
      r.direction,
      r.queueName ?? "",
      r.agentName ?? "",
      r.acceptedAt !== null && r.endedAt !== null ? duration(r.endedAt - r.acceptedAt) : "",
      outcomeOf(r),
      r.disposition ?? "",
      r.rating === null ? "" : String(r.rating),
    ]),
  };
}
