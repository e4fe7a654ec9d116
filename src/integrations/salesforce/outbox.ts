import { and, asc, count, eq, lte } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { newId } from "../../shared/index.ts";
import { type SF_TASK_STATUSES, salesforceLinks, salesforceTasks } from "./schema.ts";

export type TaskRow = typeof salesforceTasks.$inferSelect;
export type NewTask = Pick<
  TaskRow,
  "interactionId" | "agentId" | "contactId" | "lookupField" | "lookupValue" | "channel" | "subject" | "disposition" | "notes" | "durationS"
>;

/** Waits after each failed attempt; after the last the log is marked failed, logged and shown to the agent. */
export const TASK_RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000];

export function enqueueTask(db: Db, task: NewTask, now: number): string {
  const id = newId();
  db.insert(salesforceTasks)
    .values({ ...task, id, nextAttemptAt: now, createdAt: now })
    .run();
  return id;
}

export function dueTasks(db: Db, now: number, limit = 20): TaskRow[] {
  const due = and(eq(salesforceTasks.status, "pending"), lte(salesforceTasks.nextAttemptAt, now));
  return db.select().from(salesforceTasks).where(due).orderBy(asc(salesforceTasks.nextAttemptAt)).limit(limit).all();
}

export function markTaskSent(db: Db, row: TaskRow, taskId: string, contactId: string, now: number): void {
  db.update(salesforceTasks)
    .set({ status: "sent", taskId, contactId, sentAt: now, attempts: row.attempts + 1, lastError: null })
    .where(eq(salesforceTasks.id, row.id))
    .run();
}

/** Records a failed attempt; `final` gives up at once (a retry cannot help). Returns true when it gave up. */
export function markTaskFailed(db: Db, row: TaskRow, error: string, now: number, final = false): boolean {
  const attempts = row.attempts + 1;
  const delay = final ? undefined : TASK_RETRY_DELAYS_MS[attempts - 1];
  db.update(salesforceTasks)
    .set({
      attempts,
      lastError: error.slice(0, 500),
      status: delay === undefined ? "failed" : "pending",
      nextAttemptAt: now + (delay ?? 0),
    })
    .where(eq(salesforceTasks.id, row.id))
    .run();
  return delay === undefined;
}

export type TaskCounts = Record<(typeof SF_TASK_STATUSES)[number], number> & { lastError: string | null };

/** How the call logs fare, for the admin page. */
export function taskCounts(db: Db): TaskCounts {
  const counts: TaskCounts = { pending: 0, sent: 0, failed: 0, lastError: null };
  for (const r of db.select({ status: salesforceTasks.status, n: count() }).from(salesforceTasks).groupBy(salesforceTasks.status).all())
    counts[r.status] = r.n;
  const last = db
    .select({ e: salesforceTasks.lastError })
    .from(salesforceTasks)
    .where(eq(salesforceTasks.status, "failed"))
    .orderBy(asc(salesforceTasks.createdAt))
    .all()
    .at(-1);
  counts.lastError = last?.e ?? null;
  return counts;
}

export function linkContact(db: Db, interactionId: string, contactId: string, now: number): void {
  db.insert(salesforceLinks)
    .values({ interactionId, contactId, linkedAt: now })
    .onConflictDoUpdate({ target: salesforceLinks.interactionId, set: { contactId, linkedAt: now } })
    .run();
}

export function linkedContact(db: Db, interactionId: string): string | null {
  return db.select().from(salesforceLinks).where(eq(salesforceLinks.interactionId, interactionId)).get()?.contactId ?? null;
}
