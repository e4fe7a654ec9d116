import { and, asc, count, desc, eq, lt, lte, ne } from "drizzle-orm";
import type { Db } from "../../db/index.ts";
import { newId } from "../../shared/index.ts";
import { webhookDeliveries } from "./schema.ts";

export type Delivery = typeof webhookDeliveries.$inferSelect;

/** Waits after each failed attempt; after the last the delivery is marked failed. */
export const WEBHOOK_RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 2 * 3600_000];
/** A receiver that is down does not make the box hold events without end: past this many waiting, new ones are dropped (and logged). */
export const MAX_WAITING_PER_WEBHOOK = 1000;
/** Finished deliveries stay in the log this long. */
export const DELIVERY_LOG_KEEP_MS = 14 * 24 * 3600_000;
/** The largest body sent; an event's data beyond it is replaced by a note (the ids stay). */
export const MAX_BODY_BYTES = 64 * 1024;

/** The JSON body of one event for one webhook: what is signed and sent, byte for byte, at every attempt. */
export function deliveryBody(id: string, event: string, at: number, data: Record<string, unknown>): string {
  const body = JSON.stringify({ id, event, at: new Date(at).toISOString(), data });
  if (Buffer.byteLength(body) <= MAX_BODY_BYTES) return body;
  const ids = Object.fromEntries(Object.entries(data).filter(([k, v]) => k.endsWith("Id") && typeof v === "string"));
  return JSON.stringify({ id, event, at: new Date(at).toISOString(), data: { ...ids, omitted: "larger than 64 KB" } });
}

/** Writes the delivery of one event to one webhook; false when the webhook already has too many waiting. */
export function enqueueDelivery(db: Db, webhookId: string, event: string, data: Record<string, unknown>, now: number): boolean {
  const waiting =
    db
      .select({ n: count() })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.status, "pending")))
      .get()?.n ?? 0;
  if (waiting >= MAX_WAITING_PER_WEBHOOK) return false;
  const id = newId();
  db.insert(webhookDeliveries)
    .values({ id, webhookId, event, body: deliveryBody(id, event, now, data), nextAttemptAt: now, createdAt: now })
    .run();
  return true;
}

export function dueDeliveries(db: Db, now: number, limit = 20): Delivery[] {
  const due = and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now));
  return db.select().from(webhookDeliveries).where(due).orderBy(asc(webhookDeliveries.nextAttemptAt)).limit(limit).all();
}

export function markDelivered(db: Db, row: Delivery, status: number, now: number): void {
  db.update(webhookDeliveries)
    .set({ status: "sent", attempts: row.attempts + 1, lastStatus: status, lastError: null, sentAt: now })
    .where(eq(webhookDeliveries.id, row.id))
    .run();
}

/** Records a failed attempt; `final` gives up at once. Returns true when it gave up. */
export function markAttemptFailed(
  db: Db,
  row: Delivery,
  answer: { status: number | null; error: string },
  now: number,
  final = false,
): boolean {
  const attempts = row.attempts + 1;
  const delay = final ? undefined : WEBHOOK_RETRY_DELAYS_MS[attempts - 1];
  db.update(webhookDeliveries)
    .set({
      attempts,
      lastStatus: answer.status,
      lastError: answer.error.slice(0, 300),
      status: delay === undefined ? "failed" : "pending",
      nextAttemptAt: now + (delay ?? 0),
    })
    .where(eq(webhookDeliveries.id, row.id))
    .run();
  return delay === undefined;
}

/** The newest deliveries of one webhook, for its log. */
export function deliveriesOf(db: Db, webhookId: string, limit = 50): Delivery[] {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit)
    .all();
}

export function pruneDeliveries(db: Db, now: number): void {
  db.delete(webhookDeliveries)
    .where(and(ne(webhookDeliveries.status, "pending"), lt(webhookDeliveries.createdAt, now - DELIVERY_LOG_KEEP_MS)))
    .run();
}
