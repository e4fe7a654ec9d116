import { desc, or, type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/index.ts";
import { auditLog } from "./schema.ts";

export type Actor = { id: string | null; name: string };
export type AuditEntry = typeof auditLog.$inferSelect;
export type AuditPage = { rows: AuditEntry[]; total: number; page: number; pageSize: number; pages: number };

/** The most rows one CSV export carries; beyond this, narrow the search. */
export const AUDIT_EXPORT_LIMIT = 100_000;

/** Appends one audit row. Pass the transaction of the change so both commit together. */
export function recordAudit(
  db: Db | Tx,
  actor: Actor,
  action: string,
  target: { type: string; id?: string | null },
  detail: Record<string, unknown>,
  at: number,
): void {
  db.insert(auditLog)
    .values({
      at,
      actorId: actor.id,
      actorName: actor.name,
      action,
      targetType: target.type,
      targetId: target.id ?? null,
      detail: JSON.stringify(detail),
    })
    .run();
}

/** Rows whose who, what, target or detail contain the search text (taken literally, % and _ included). */
function matching(search?: string): SQL | undefined {
  const text = search?.trim();
  if (!text) return undefined;
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const cols = [auditLog.actorName, auditLog.action, auditLog.targetType, auditLog.targetId, auditLog.detail];
  return or(...cols.map((col) => sql`${col} like ${pattern} escape '\\'`));
}

/** One page of the log, newest first; a page past the end shows the last one. */
export function listAudit(db: Db, opts: { search?: string; page?: number; pageSize?: number }): AuditPage {
  const pageSize = opts.pageSize ?? 50;
  const where = matching(opts.search);
  const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(opts.page ?? 1) || 1), pages);
  const rows = db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  return { rows, total, page, pageSize, pages };
}

/** Every row matching the search, newest first (bounded by AUDIT_EXPORT_LIMIT), for the CSV export. */
export function auditForExport(db: Db, search?: string): AuditEntry[] {
  return db.select().from(auditLog).where(matching(search)).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(AUDIT_EXPORT_LIMIT).all();
}
