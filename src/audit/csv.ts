import { toCsv } from "../shared/index.ts";
import type { AuditEntry } from "./audit.ts";

/** The audit log as CSV (RFC 4180 line ends), with a header row; times in UTC ISO 8601. */
export function auditCsv(rows: AuditEntry[]): string {
  return toCsv([
    ["when", "who", "action", "target type", "target id", "detail"],
    ...rows.map((r) => [new Date(r.at).toISOString(), r.actorName, r.action, r.targetType, r.targetId, r.detail]),
  ]);
}
