import { eq, sql } from "drizzle-orm";
import type { Config } from "../config.ts";
import type { Db } from "../db/index.ts";
import { freeDiskBytes, PayloadTooLarge, Unavailable } from "../shared/index.ts";
import { chatAttachments } from "./conversation-schema.ts";

const MB = 1024 * 1024;

/** What the box lets chats store (FEATURES Q6): per conversation, in all, and the free disk space kept. */
export type AttachmentRoom = {
  perChatBytes: number;
  totalBytes: number;
  minFreeBytes: number;
  /** Free bytes on the disk of the data folder. */
  freeBytes(): number;
};

export function attachmentRoom(config: Config): AttachmentRoom {
  return {
    perChatBytes: config.chatFilesPerChatMb * MB,
    totalBytes: config.chatFilesTotalMb * MB,
    minFreeBytes: config.minFreeDiskMb * MB,
    freeBytes: () => freeDiskBytes(config.dataDir),
  };
}

const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;

/** Throws PayloadTooLarge past a byte quota, Unavailable when the file would eat into the free space kept. */
export function requireRoom(db: Db, room: AttachmentRoom, conversationId: string, size: number): void {
  const inChat = storedBytes(db, conversationId);
  if (inChat + size > room.perChatBytes)
    throw new PayloadTooLarge(
      `This chat has reached its limit of ${mb(room.perChatBytes)} of files. Send a link or describe it in a message.`,
    );
  if (totalStoredBytes(db) + size > room.totalBytes)
    throw new PayloadTooLarge("The server holds as many chat files as it may. Files cannot be sent right now.");
  if (room.freeBytes() - size < room.minFreeBytes)
    throw new Unavailable("The server is low on disk space. Files cannot be sent right now.");
}

/** Bytes of chat files stored, in one conversation or in all. */
export function storedBytes(db: Db, conversationId?: string): number {
  const q = db.select({ n: sql<number>`coalesce(sum(${chatAttachments.size}), 0)` }).from(chatAttachments);
  return (conversationId ? q.where(eq(chatAttachments.conversationId, conversationId)) : q).get()?.n ?? 0;
}

/**
 * The box's total, summed once per database and then kept by `countStored` and `recountStored`: summing
 * every row on each upload would read a page per stored file. One process writes the database.
 */
const totals = new WeakMap<Db, number>();

function totalStoredBytes(db: Db): number {
  let total = totals.get(db);
  if (total === undefined) {
    total = storedBytes(db);
    totals.set(db, total);
  }
  return total;
}

/** A file of `size` bytes was committed. */
export function countStored(db: Db, size: number): void {
  const total = totals.get(db);
  if (total !== undefined) totals.set(db, total + size);
}

/** Files were removed: the next check sums again. */
export function recountStored(db: Db): void {
  totals.delete(db);
}
