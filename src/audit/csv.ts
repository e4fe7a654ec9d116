import type { AuditEntry } from "./audit.ts";

/**
 * One CSV cell. Text a spreadsheet would run as a formula (starting with = + - @ or a tab/CR) gets a
 * leading apostrophe, and every cell is quoted so commas, quotes and line breaks stay inside it.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function csvLine(cells: (string | number | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/** The audit log as CSV (RFC 4180 line ends), with a header row; times in UTC ISO 8601. */
export function auditCsv(rows: AuditEntry[]): string {
  const head = csvLine(["when", "who", "action", "target type", "target id", "detail"]);
  return (
    head + rows.map((r) => csvLine([new Date(r.at).toISOString(), r.actorName, r.action, r.targetType, r.targetId, r.detail])).join("")
  );
}
