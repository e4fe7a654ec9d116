import { and, asc, count, eq, lte, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/index.ts";
import { newId } from "../../shared/index.ts";
import { type MAIL_STATUSES, mailOutbox } from "./schema.ts";

export type OutgoingMail = { to: string; subject: string; text: string; html?: string };
export type OutboxRow = typeof mailOutbox.$inferSelect;

/** Retry delays after each failed attempt; after the last one the mail is marked failed (and logged). */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000];

/** Writes the mail to the outbox (inside the caller's transaction when given one). */
export function enqueueMail(db: Db | Tx, mail: OutgoingMail, now: number): string {
  const id = newId();
  db.insert(mailOutbox)
    .values({ id, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null, nextAttemptAt: now, createdAt: now })
    .run();
  return id;
}

export function dueMails(db: Db, now: number, limit = 20): OutboxRow[] {
  return db
    .select()
    .from(mailOutbox)
    .where(and(eq(mailOutbox.status, "pending"), lte(mailOutbox.nextAttemptAt, now)))
    .orderBy(asc(mailOutbox.nextAttemptAt))
    .limit(limit)
    .all();
}

export function markSent(db: Db, id: string, now: number): void {
  db.update(mailOutbox)
    .set({ status: "sent", sentAt: now, attempts: sql`${mailOutbox.attempts} + 1`, lastError: null })
    .where(eq(mailOutbox.id, id))
    .run();
}

/** Records a failed attempt; returns true when the mail gave up for good. */
export function markFailed(db: Db, row: OutboxRow, error: string, now: number): boolean {
  const attempts = row.attempts + 1;
  const delay = RETRY_DELAYS_MS[attempts - 1];
  db.update(mailOutbox)
    .set({
      attempts,
      lastError: error.slice(0, 500),
      status: delay === undefined ? "failed" : "pending",
      nextAttemptAt: now + (delay ?? 0),
    })
    .where(eq(mailOutbox.id, row.id))
    .run();
  return delay === undefined;
}

/** Notes on every due mail why it could not be tried, without using up a retry (it stays due). */
export function markDueWaiting(db: Db, reason: string, now: number): number {
  const due = and(eq(mailOutbox.status, "pending"), lte(mailOutbox.nextAttemptAt, now));
  db.update(mailOutbox).set({ lastError: reason }).where(due).run();
  return db.select({ n: count() }).from(mailOutbox).where(due).get()?.n ?? 0;
}

/** How many mails are in each status (for /metrics). */
export function outboxCounts(db: Db): Record<(typeof MAIL_STATUSES)[number], number> {
  const counts = { pending: 0, sent: 0, failed: 0 };
  const rows = db.select({ status: mailOutbox.status, n: count() }).from(mailOutbox).groupBy(mailOutbox.status).all();
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}
