/** CSV export helpers (RFC 4180 with CRLF line ends). */
type Cell = string | number | null | undefined;

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (= + - @, or a leading tab or
 * carriage return) gets a leading apostrophe so that opening the export cannot run anything;
 * cells with commas, quotes or line breaks are quoted.
 */
export function csvCell(value: Cell): string {
  const text = value === null || value === undefined ? "" : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => `${r.map(csvCell).join(",")}\r\n`).join("");
}
