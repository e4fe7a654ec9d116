import { users } from "../../src/auth/schema.ts";
import type { Db } from "../../src/db/index.ts";
import { queueMembers, queues } from "../../src/routing/schema.ts";
import { newId } from "../../src/shared/index.ts";

type UserRow = typeof users.$inferInsert;
type QueueRow = typeof queues.$inferInsert;

/** Inserts a user straight into the table (no password unless a hash is given): fast fixtures for tests. */
export function insertUser(db: Db, fields: Partial<UserRow> & { username: string }): string {
  const id = fields.id ?? newId();
  const now = Date.now();
  db.insert(users)
    .values({ role: "agent", fullName: fields.username, alias: fields.username, createdAt: now, updatedAt: now, ...fields, id })
    .run();
  return id;
}

export function insertQueue(db: Db, fields: Partial<QueueRow> & { name: string; members?: string[] }): string {
  const id = fields.id ?? newId();
  const now = Date.now();
  const { members = [], ...rest } = fields;
  db.insert(queues)
    .values({ channel: "chat", createdAt: now, updatedAt: now, ...rest, id })
    .run();
  for (const userId of members) db.insert(queueMembers).values({ queueId: id, userId }).run();
  return id;
}
