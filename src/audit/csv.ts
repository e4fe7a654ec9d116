import { toCsv } from "../shared/index.ts";
import type { AuditEntry } from "./audit.ts";
import { describeDetail, describeTarget, type NameOf } from "./describe.ts";

/** The audit log as CSV (RFC 4180 line ends), with a header row: as readable as the page, names instead of ids. */
export function auditCsv(rows: AuditEntry[], when: (ms: number) => string, nameOf: NameOf = () => undefined): string {
  return toCsv([
    ["when", "who", "action", "target", "detail"],
    ...rows.map((r) => [when(r.at), r.actorName, r.action, describeTarget(r, nameOf), describeDetail(r.detail, nameOf)]),
  ]);
}
