/** The audit log of admin and supervisor changes (FEATURES A9). */
export { type Actor, type AuditEntry, listAudit, recordAudit } from "./audit.ts";
