import { and, asc, eq, ne, sql } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import { preparedQuery, transaction, type Db, type Tx } from "../db/index.ts";
import { Conflict, newId, NotFound, ValidationError } from "../shared/index.ts";
import type { QueueInput } from "./queue-form.ts";
import { interactions } from "./interactions-schema.ts";
import { type Channel, queueMembers, queues } from "./schema.ts";

export type Queue = typeof queues.$inferSelect;

const FIX = "Please correct the highlighted fields.";

// Read several times for every console page and push: built once (see preparedQuery).
const queuesOfMember = preparedQuery((db) =>
  db
    .select({ q: queues })
    .from(queueMembers)
    .innerJoin(queues, eq(queues.id, queueMembers.queueId))
    .where(eq(queueMembers.userId, sql.placeholder("userId")))
    .orderBy(asc(queues.name))
    .prepare(),
);
const allQueues = preparedQuery((db) => db.select().from(queues).orderBy(asc(queues.channel), asc(queues.name)).prepare());
const channelQueues = preparedQuery((db) =>
  db
    .select()
    .from(queues)
    .where(eq(queues.channel, sql.placeholder("channel")))
    .orderBy(asc(queues.channel), asc(queues.name))
    .prepare(),
);

/** The queues (departments) a user works in. */
export function queuesOfUser(db: Db, userId: string): Queue[] {
  return queuesOfMember(db)
    .all({ userId })
    .map((r) => r.q);
}

/** Every queue, by channel then name; only one channel's when given. */
export function listQueues(db: Db | Tx, channel?: Channel): Queue[] {
  return channel ? channelQueues(db).all({ channel }) : allQueues(db).all();
}

export function getQueue(db: Db | Tx, id: string): Queue {
  const queue = findQueue(db, id);
  if (!queue) throw new NotFound("There is no such department.");
  return queue;
}

export function findQueue(db: Db | Tx, id: string): Queue | undefined {
  return db.select().from(queues).where(eq(queues.id, id)).get();
}

/** Checks what only the database can tell: a free name and a sound overflow target. */
function checkQueue(tx: Tx, input: QueueInput, selfId?: string): void {
  const fields: Record<string, string> = {};
  const sameName = tx
    .select({ id: queues.id })
    .from(queues)
    .where(selfId ? and(eq(queues.name, input.name), ne(queues.id, selfId)) : eq(queues.name, input.name))
    .get();
  if (sameName) fields.name = `A department named ${input.name} already exists`;
  if (input.overflowKind === "queue") {
    const target = input.overflowQueueId ? tx.select().from(queues).where(eq(queues.id, input.overflowQueueId)).get() : undefined;
    if (!target) fields.overflowQueueId = "Choose an existing department to overflow to";
    else if (target.id === selfId) fields.overflowQueueId = "A department cannot overflow to itself";
    else if (target.channel !== input.channel)
      fields.overflowQueueId = `${target.name} is a ${target.channel} department; overflow must stay on ${input.channel}`;
  }
  if (selfId) {
    const feeders = tx.select().from(queues).where(eq(queues.overflowQueueId, selfId)).all();
    const mismatched = feeders.filter((f) => f.channel !== input.channel);
    if (mismatched.length)
      fields.channel = `${mismatched.map((f) => f.name).join(", ")} overflow into this department, so its channel must stay ${mismatched[0]?.channel}`;
  }
  if (Object.keys(fields).length) throw new ValidationError(FIX, fields);
}

export function createQueue(db: Db, input: QueueInput, actor: Actor, now: number): string {
  const id = newId();
  transaction(db, (tx) => {
    checkQueue(tx, input);
    tx.insert(queues)
      .values({ ...input, id, createdAt: now, updatedAt: now })
      .run();
    recordAudit(tx, actor, "queue.created", { type: "queue", id }, { ...input }, now);
  });
  return id;
}

export function updateQueue(db: Db, id: string, input: QueueInput, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const before = getQueue(tx, id);
    checkQueue(tx, input, id);
    tx.update(queues)
      .set({ ...input, updatedAt: now })
      .where(eq(queues.id, id))
      .run();
    const keys = (Object.keys(input) as (keyof QueueInput)[]).filter((k) => before[k] !== input[k]);
    const changed = Object.fromEntries(keys.map((k) => [k, { from: before[k], to: input[k] }]));
    recordAudit(tx, actor, "queue.updated", { type: "queue", id }, { name: input.name, changed }, now);
  });
}

/** Deletes a queue and its memberships; refused while another queue overflows into it. */
export function deleteQueue(db: Db, id: string, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const queue = getQueue(tx, id);
    const feeders = tx.select({ name: queues.name }).from(queues).where(eq(queues.overflowQueueId, id)).all();
    if (feeders.length)
      throw new Conflict(
        `${queue.name} cannot be deleted: it is the overflow target of ${feeders.map((f) => f.name).join(", ")}. Change their overflow first.`,
      );
    const waiting = tx
      .select({ id: interactions.id })
      .from(interactions)
      .where(and(eq(interactions.queueId, id), eq(interactions.status, "queued")))
      .all().length;
    if (waiting)
      throw new Conflict(`${queue.name} cannot be deleted while ${waiting} interaction(s) wait in it. Try again when it is empty.`);
    tx.delete(queues).where(eq(queues.id, id)).run();
    recordAudit(tx, actor, "queue.deleted", { type: "queue", id }, { name: queue.name, channel: queue.channel }, now);
  });
}
