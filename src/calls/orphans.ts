import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { interactions, type Routing } from "../routing/index.ts";

/**
 * Calls do not outlive the process that carried their media: at start, voice interactions still queued or
 * active are ended (queued ones as abandoned), so nobody is offered a caller who is no longer there.
 * Returns how many were ended.
 */
export function endOrphanedCalls(db: Db, routing: Routing): number {
  const rows = db
    .select({ id: interactions.id, status: interactions.status })
    .from(interactions)
    .where(and(eq(interactions.channel, "voice"), inArray(interactions.status, ["queued", "active"])))
    .all();
  for (const row of rows) {
    if (row.status === "queued") routing.abandon(row.id);
    else routing.end(row.id, null, "appliance-restarted");
  }
  return rows.length;
}
