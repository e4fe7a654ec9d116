import { desc, like, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/index.ts";
import { auditLog } from "./schema.ts";

export type Actor = { id: string | null; name: string };
export type AuditEntry = typeof auditLog.$inferSelect;

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

export function listAudit(db: Db, opts: { search?: string; page?: number; pageSize?: number }) {
  const pageSize = opts.pageSize ?? 50;
  const page = Math.max(1, opts.page ?? 1);
  const where = opts.search
    ? or(like(auditLog.action, `%${opts.search}%`), like(auditLog.actorName, `%${opts.search}%`), like(auditLog.detail, `%${opts.search}%`))
    : undefined;
  const rows = db
    .select()
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db.select({ n: sql<number>`count(*)` }).from(auditLog).where(where).get()?.n ?? 0;
  return { rows, total, page, pageSize };
}
