/** The audit log of admin and supervisor changes (FEATURES A9). */
export {
  type Actor,
  AUDIT_EXPORT_LIMIT,
  type AuditEntry,
  /** Every row matching a search, newest first, for the CSV export. */
  auditForExport,
  type AuditPage,
  /** One page (50 rows by default) of the log, newest first, filtered by a literal search text. */
  listAudit,
  /** Appends one audit row; pass the transaction of the change so both commit together. */
  recordAudit,
} from "./audit.ts";
export {
  /** The audit rows as CSV with formula-safe cells. */
  auditCsv,
} from "./csv.ts";
export { type Change, changesBetween } from "../shared/index.ts";
export {
  /** A row's detail for people: "field: old → new", ids as names. */
  describeDetail,
  describeTarget,
  type NameOf,
} from "./describe.ts";
