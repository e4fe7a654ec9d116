import type { Db } from "../db/index.ts";
import { type Routing, unfinishedInteractions } from "../routing/index.ts";

/**
 * Calls do not outlive the process that carried their media: at start, voice interactions still queued or
 * active are ended (queued ones as abandoned), so nobody is offered a caller who is no longer there.
 * Returns how many were ended.
 */
export function endOrphanedCalls(db: Db, routing: Routing): number {
  const rows = unfinishedInteractions(db, "voice");
  for (const row of rows) {
    if (row.status === "queued") routing.abandon(row.id);
    else routing.end(row.id, null, "appliance-restarted");
  }
  return rows.length;
}
