import { and, eq, notInArray } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import { findUser, listPeople, type Person, type Role } from "../auth/index.ts";
import { transaction, type Db, type Tx } from "../db/index.ts";
import { NotFound, ValidationError } from "../shared/index.ts";
import { getQueue } from "./queues.ts";
import { queueMembers } from "./schema.ts";

export type QueueMember = { userId: string; fullName: string; username: string; role: Role; disabled: boolean };

/** Only agents and supervisors take queue work. */
const WORKERS: Role[] = ["agent", "supervisor"];
const member = (p: Person): QueueMember => ({
  userId: p.id,
  fullName: p.fullName,
  username: p.username,
  role: p.role,
  disabled: p.disabled,
});
const memberIds = (db: Db | Tx, queueId: string) =>
  db
    .select({ id: queueMembers.userId })
    .from(queueMembers)
    .where(eq(queueMembers.queueId, queueId))
    .all()
    .map((r) => r.id);

/** The people working in a queue, by name. */
export function listQueueMembers(db: Db | Tx, queueId: string): QueueMember[] {
  return listPeople(db, memberIds(db, queueId)).map(member);
}

/** Agents and supervisors not yet in the queue (the add-one picker), by name. */
export function queueMemberCandidates(db: Db | Tx, queueId: string): QueueMember[] {
  const inQueue = new Set(memberIds(db, queueId));
  return listPeople(db)
    .filter((p) => WORKERS.includes(p.role) && !inQueue.has(p.id))
    .map(member);
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
    const user = findUser(tx, userId);
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
    const user = findUser(tx, userId);
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
