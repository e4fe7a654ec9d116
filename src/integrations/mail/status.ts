import { and, count, eq, gt, isNotNull, max, or } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { mailOutbox } from "./schema.ts";

export type MailStatus = { status: "pending" | "sent" | "failed"; attempts: number; lastError: string | null };

/** Where one queued mail stands (e.g. the admin's test mail), or null when there is no such mail. */
export function mailStatus(db: Db, id: string): MailStatus | null {
  return (
    db
      .select({ status: mailOutbox.status, attempts: mailOutbox.attempts, lastError: mailOutbox.lastError })
      .from(mailOutbox)
      .where(eq(mailOutbox.id, id))
      .get() ?? null
  );
}

/** Mail an admin should hear about: waiting (for SMTP settings, or for a retry after a failure), or failed lately. */
export type MailTrouble = { waiting: number; failed: number; lastError: string | null };

/** Failed mails are reported for a day; after that the log and /metrics keep them. */
const FAILED_SHOWN_MS = 24 * 3600_000;

export function mailTrouble(db: Db, now: number): MailTrouble | null {
  const stuck = or(
    and(eq(mailOutbox.status, "pending"), isNotNull(mailOutbox.lastError)),
    and(eq(mailOutbox.status, "failed"), gt(mailOutbox.createdAt, now - FAILED_SHOWN_MS)),
  );
  const rows = db
    .select({ status: mailOutbox.status, n: count(), lastError: max(mailOutbox.lastError) })
    .from(mailOutbox)
    .where(stuck)
    .groupBy(mailOutbox.status)
    .all();
  if (!rows.length) return null;
  const of = (status: string) => rows.find((r) => r.status === status);
  return {
    waiting: of("pending")?.n ?? 0,
    failed: of("failed")?.n ?? 0,
    lastError: of("pending")?.lastError ?? of("failed")?.lastError ?? null,
  };
}
