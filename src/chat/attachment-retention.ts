import { and, gt, inArray, lt } from "drizzle-orm";
import { transaction, type Db } from "../db/index.ts";
import { type Clock, type Logger, startPeriodic } from "../shared/index.ts";
import { recountStored } from "./attachment-room.ts";
import { chatAttachments } from "./conversation-schema.ts";

/** How often files past their retention are looked for. */
export const PURGE_EVERY_MS = 3600_000;
const BATCH = 200;

/**
 * Removes the bytes of chat files older than `keepDays` (the row and its message stay, so transcripts and
 * history still name the file). Returns how many files were removed.
 */
export function purgeOldAttachments(db: Db, keepDays: number, now: number): number {
  if (keepDays <= 0) return 0;
  const before = now - keepDays * 86400_000;
  let removed = 0;
  for (;;) {
    const ids = db
      .select({ id: chatAttachments.id })
      .from(chatAttachments)
      .where(and(lt(chatAttachments.createdAt, before), gt(chatAttachments.size, 0)))
      .limit(BATCH)
      .all()
      .map((r) => r.id);
    if (!ids.length) {
      if (removed) recountStored(db);
      return removed;
    }
    // Short transactions: chats keep writing while old files go.
    transaction(db, (tx) =>
      tx
        .update(chatAttachments)
        .set({ data: Buffer.alloc(0), size: 0 })
        .where(inArray(chatAttachments.id, ids))
        .run(),
    );
    removed += ids.length;
  }
}

/** Purges on the clock, at start and every PURGE_EVERY_MS; returns the stop function. */
export function startAttachmentPurge(deps: { db: Db; clock: Clock; log: Logger }, keepDays: number): () => void {
  return startPeriodic(deps, PURGE_EVERY_MS, "removing old chat files", () => {
    const removed = purgeOldAttachments(deps.db, keepDays, deps.clock.now());
    if (removed) deps.log.info("chat files past their retention removed", { removed, keepDays });
  });
}
