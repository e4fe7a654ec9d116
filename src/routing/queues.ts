import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { queueMembers, queues } from "./schema.ts";

export type Queue = typeof queues.$inferSelect;

/** The queues (departments) a user works in. */
export function queuesOfUser(db: Db, userId: string): Queue[] {
  return db
    .select({ q: queues })
    .from(queueMembers)
    .innerJoin(queues, eq(queues.id, queueMembers.queueId))
    .where(eq(queueMembers.userId, userId))
    .orderBy(asc(queues.name))
    .all()
    .map((r) => r.q);
}
