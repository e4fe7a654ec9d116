import { open } from "node:fs/promises";
import type { Db } from "./client.ts";

/**
 * Group commit for acknowledgements (decision 017). The database commits with synchronous=NORMAL: the commit
 * reaches the WAL file but is not synced, so the event loop never waits on the disk. Before the appliance answers
 * a request that wrote, it awaits `whenDurable(db)`: one fdatasync of the WAL, off the event loop, covers every
 * commit made before it started, so requests arriving together share a sync.
 */
export function whenDurable(db: Db): Promise<void> {
  let syncer = syncers.get(db.$client);
  if (!syncer) {
    syncer = walSyncer(db);
    syncers.set(db.$client, syncer);
  }
  return syncer();
}

const syncers = new WeakMap<object, () => Promise<void>>();

function walSyncer(db: Db): () => Promise<void> {
  const file = db.$client.filename;
  if (!file || file === ":memory:") return () => Promise.resolve();
  const changes = db.$client.query<{ n: number }, []>("SELECT total_changes() AS n");
  const committed = () => changes.get()?.n ?? 0;
  let synced = 0; // total_changes() of a new connection: every change since the open is still to sync
  let running: Promise<void> | null = null;
  let runningUpTo = 0;
  let queued: Promise<void> | null = null;

  const syncNow = (): Promise<void> => {
    const upTo = committed();
    runningUpTo = upTo;
    running = syncWal(`${file}-wal`)
      .then(() => {
        synced = Math.max(synced, upTo);
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  return () => {
    const now = committed();
    if (now === synced) return Promise.resolve();
    if (!running) return syncNow();
    if (now <= runningUpTo) return running;
    // The sync in flight started before this commit: wait for the next one, shared by everyone who comes now.
    const next = () => {
      queued = null;
      return syncNow();
    };
    queued ??= running.then(next, next);
    return queued;
  };
}

/** fdatasync on a fresh descriptor: the WAL's data and size reach the disk (Linux syncs the file, not the fd). */
async function syncWal(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (err) {
    // No WAL: nothing committed since the last checkpoint, which synced the database file itself.
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
