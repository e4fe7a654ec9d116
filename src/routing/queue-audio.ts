import { and, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import { type Db, transaction } from "../db/index.ts";
import { interactions } from "./interactions-schema.ts";
import { getQueue } from "./queues.ts";
import { type QueueAudioKind, queueAudio } from "./schema.ts";

/** What the admin page shows of an uploaded recording (the audio itself stays in the database). */
export type QueueAudioInfo = { kind: QueueAudioKind; fileName: string; durationMs: number; uploadedAt: number };
export type QueueAudioUpload = { fileName: string; durationMs: number; wav: Uint8Array };

/** Stores (or replaces) a queue's recording of one kind, converted already; audited. */
export function saveQueueAudio(db: Db, queueId: string, kind: QueueAudioKind, upload: QueueAudioUpload, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const queue = getQueue(tx, queueId);
    const row = { ...upload, uploadedAt: now };
    tx.insert(queueAudio)
      .values({ queueId, kind, ...row })
      .onConflictDoUpdate({ target: [queueAudio.queueId, queueAudio.kind], set: row })
      .run();
    const detail = { name: queue.name, kind, fileName: upload.fileName, durationMs: upload.durationMs };
    recordAudit(tx, actor, "queue.audio_uploaded", { type: "queue", id: queueId }, detail, now);
  });
}

/** Removes a queue's recording of one kind (the built-in sound applies again); audited when there was one. */
export function removeQueueAudio(db: Db, queueId: string, kind: QueueAudioKind, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const queue = getQueue(tx, queueId);
    const removed = tx.delete(queueAudio).where(ofKind(queueId, kind)).returning({ kind: queueAudio.kind }).all();
    if (removed.length) recordAudit(tx, actor, "queue.audio_removed", { type: "queue", id: queueId }, { name: queue.name, kind }, now);
  });
}

export function listQueueAudio(db: Db, queueId: string): QueueAudioInfo[] {
  return db
    .select({ kind: queueAudio.kind, fileName: queueAudio.fileName, durationMs: queueAudio.durationMs, uploadedAt: queueAudio.uploadedAt })
    .from(queueAudio)
    .where(eq(queueAudio.queueId, queueId))
    .all();
}

const ofKind = (queueId: string, kind: QueueAudioKind) => and(eq(queueAudio.queueId, queueId), eq(queueAudio.kind, kind));

/** When a queue's recording of this kind was stored, or null without one (callers cache the audio by it). */
export function queueAudioVersion(db: Db, queueId: string, kind: QueueAudioKind): number | null {
  return db.select({ at: queueAudio.uploadedAt }).from(queueAudio).where(ofKind(queueId, kind)).get()?.at ?? null;
}

export function queueAudioWav(db: Db, queueId: string, kind: QueueAudioKind): Uint8Array | null {
  const row = db.select({ wav: queueAudio.wav }).from(queueAudio).where(ofKind(queueId, kind)).get();
  return row ? new Uint8Array(row.wav) : null;
}

/** Answered work of the last hour (at most this many) sets the estimated wait. */
const RECENT = { ms: 3600_000, count: 20 };

/**
 * Where queued work stands in its queue (1 = next), and an estimate of how much longer it waits: the average
 * wait of the work answered in that queue in the last hour, less what it has waited already (null without
 * such work). Null when it is not waiting in a queue.
 */
export function waitingPosition(db: Db, interactionId: string, now: number): { position: number; estimatedWaitMs: number | null } | null {
  const me = db.select().from(interactions).where(eq(interactions.id, interactionId)).get();
  if (me?.status !== "queued" || !me.queueId || me.queuedAt === null) return null;
  const ahead = db
    .select({ n: sql<number>`count(*)` })
    .from(interactions)
    .where(
      and(
        eq(interactions.status, "queued"),
        eq(interactions.queueId, me.queueId),
        sql`(${interactions.priority} > ${me.priority} or (${interactions.priority} = ${me.priority} and ${interactions.queuedAt} < ${me.queuedAt}))`,
      ),
    )
    .get();
  const waits = db
    .select({ wait: sql<number>`${interactions.acceptedAt} - ${interactions.queuedAt}` })
    .from(interactions)
    .where(and(eq(interactions.queueId, me.queueId), isNotNull(interactions.queuedAt), gt(interactions.acceptedAt, now - RECENT.ms)))
    .orderBy(desc(interactions.acceptedAt))
    .limit(RECENT.count)
    .all()
    .map((r) => r.wait)
    .filter((w) => w >= 0);
  const average = waits.length ? waits.reduce((a, b) => a + b, 0) / waits.length : null;
  return {
    position: (ahead?.n ?? 0) + 1,
    estimatedWaitMs: average === null ? null : Math.max(0, average - (now - me.queuedAt)),
  };
}
