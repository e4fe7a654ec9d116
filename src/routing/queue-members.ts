import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import type { Role } from "../auth/index.ts";
import { users } from "./read-model.ts";
import { transaction, type Db, type Tx } from "../db/index.ts";
import { NotFound, ValidationError } from "../shared/index.ts";
import { getQueue } from "./queues.ts";
import { queueMembers } from "./schema.ts";

export type QueueMember = { userId: string; fullName: string; username: string; role: Role; disabled: boolean };

/** Only agents and supervisors take queue work. */
const WORKERS: Role[] = ["agent", "supervisor"];
const person = { userId: users.id, fullName: users.fullName, username: users.username, role: users.role, disabled: users.disabled };

/** The people working in a queue, by name. */
export function listQueueMembers(db: Db | Tx, queueId: string): QueueMember[] {
  return db
    .select(person)
    .from(queueMembers)
    .innerJoin(users, eq(users.id, queueMembers.userId))
    .where(eq(queueMembers.queueId, queueId))
    .orderBy(asc(users.fullName))
    .all();
}

/** Agents and supervisors not yet in the queue (the add-one picker), by name. */
export function queueMemberCandidates(db: Db | Tx, queueId: string): QueueMember[] {
  const inQueue = db.select({ id: queueMembers.userId }).from(queueMembers).where(eq(queueMembers.queueId, queueId));
  return db
    .select(person)
    .from(users)
    .where(and(inArray(users.role, WORKERS), notInArray(users.id, inQueue)))
    .orderBy(asc(users.fullName))
    .all();
}

function isMember(tx: Tx, queueId: string, userId: string): boolean {
  return Boolean(
    tx
      .select({ id: queueMembers.userId })
      .from(queueMembers)
      .where(and(eq(queueMembers.queueId, queueId), eq(queueMembers.userId, userId)))
      .get(),
  );
}

export function addQueueMember(db: Db, queueId: string, userId: string, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const queue = getQueue(tx, queueId);
    const user = tx.select(person).from(users).where(eq(users.id, userId)).get();
    const fix = "Please correct the highlighted fields.";
    if (!user) throw new ValidationError(fix, { userId: "Choose an agent from the list" });
    if (!WORKERS.includes(user.role)) throw new ValidationError(fix, { userId: `${user.fullName} is not an agent or supervisor` });
    if (isMember(tx, queueId, userId)) throw new ValidationError(fix, { userId: `${user.fullName} is already in ${queue.name}` });
    tx.insert(queueMembers).values({ queueId, userId }).run();
    recordAudit(tx, actor, "queue.member_added", { type: "queue", id: queueId }, { queue: queue.name, user: user.username }, now);
  });
}

export function removeQueueMember(db: Db, queueId: string, userId: string, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const queue = getQueue(tx, queueId);
    const user = tx.select(person).from(users).where(eq(users.id, userId)).get();
    if (!user || !isMember(tx, queueId, userId)) throw new NotFound("That user is not in this department.");
    tx.delete(queueMembers)
      .where(and(eq(queueMembers.queueId, queueId), eq(queueMembers.userId, userId)))
      .run();
    recordAudit(tx, actor, "queue.member_removed", { type: "queue", id: queueId }, { queue: queue.name, user: user.username }, now);
  });
}

/** Adds every enabled agent and supervisor not yet in the queue; returns how many were added. */
export function addAllAgentsToQueue(db: Db, queueId: string, actor: Actor, now: number): number {
  return transaction(db, (tx) => {
    const queue = getQueue(tx, queueId);
    const newcomers = queueMemberCandidates(tx, queueId).filter((u) => !u.disabled);
    if (newcomers.length)
      tx.insert(queueMembers)
        .values(newcomers.map((u) => ({ queueId, userId: u.userId })))
        .run();
    const detail = { queue: queue.name, added: newcomers.map((u) => u.username) };
    recordAudit(tx, actor, "queue.all_agents_added", { type: "queue", id: queueId }, detail, now);
    return newcomers.length;
  });
}

/** Makes the user a member of exactly these queues; true when anything changed. */
export function setQueueMembership(tx: Tx, userId: string, queueIds: string[]): boolean {
  const gone = tx
    .delete(queueMembers)
    .where(and(eq(queueMembers.userId, userId), queueIds.length ? notInArray(queueMembers.queueId, queueIds) : undefined))
    .returning()
    .all();
  const added = queueIds.length
    ? tx
        .insert(queueMembers)
        .values(queueIds.map((queueId) => ({ queueId, userId })))
        .onConflictDoNothing()
        .returning()
        .all()
    : [];
  return gone.length + added.length > 0;
}
