import { and, eq, inArray, sql } from "drizzle-orm";
import { preparedQuery } from "../db/index.ts";
import { agentsWithWrapUpEnd } from "../presence/index.ts";
import { Conflict, newId, NotFound } from "../shared/index.ts";
import type { Interaction, Queue } from "./engine.ts";
import { interactions, transferWrapUps } from "./interactions-schema.ts";
import { QUEUE_LIMITS } from "./queue-form.ts";
import { findQueue, getInteraction, openWork, type RoutingContext } from "./routing-context.ts";

/** A wrap-up form the agent owes for their part of an interaction they transferred on (decision 014). */
export type TransferWrapUp = typeof transferWrapUps.$inferSelect;
/** A wrap-up form the agent owes: their own ended interaction, or their part of one they transferred. */
export type OwedWrapUp = { id: string; interactionId: string; queueId: string | null };

/** A mandatory wrap-up form keeps the agent in wrap-up until it is sent; one day is the safety net. */
const MANDATORY_WRAP_MS = 24 * 3600_000;
/** The longest wrap-up a queue can set: a longer one is the mandatory form's safety net, never a countdown. */
export const WRAP_UP_COUNTDOWN_MAX_MS = QUEUE_LIMITS.wrapUpS.max * 1000;

const asksForWrapUp = (queue: Queue | null) => Boolean(queue && (queue.wrapUpS > 0 || queue.wrapUpMandatory));

/** Whether finishing this interaction sends the agent to wrap-up (its queue asks for a form or a pause). */
export function wrapsUp(ctx: RoutingContext, i: Interaction): boolean {
  return asksForWrapUp(i.wrapUpViaQueueId ? findQueue(ctx, i.wrapUpViaQueueId) : null);
}

// Read for every console page and push: built once (see preparedQuery).
const partsOwedBy = preparedQuery((db) =>
  db
    .select()
    .from(transferWrapUps)
    .where(and(eq(transferWrapUps.agentId, sql.placeholder("agentId")), eq(transferWrapUps.status, "wrap_up")))
    .orderBy(transferWrapUps.handedAt)
    .prepare(),
);

/** The parts of transferred work the agent still has to wrap up, oldest first. */
export function owedTransferWrapUps(ctx: RoutingContext, agentId: string): TransferWrapUp[] {
  return partsOwedBy(ctx.o.db).all({ agentId });
}

/** Every wrap-up form the agent still owes. */
function owedWrapUps(ctx: RoutingContext, agentId: string): OwedWrapUp[] {
  const own = openWork(ctx, agentId)
    .filter((i) => i.status === "wrap_up")
    .map((i) => ({ id: i.id, interactionId: i.id, queueId: i.wrapUpViaQueueId }));
  const parts = owedTransferWrapUps(ctx, agentId).map((p) => ({ id: p.id, interactionId: p.interactionId, queueId: p.queueId }));
  return [...own, ...parts];
}

/** The sender hands work on (to an agent or a department): when its queue asks for wrap-up, they owe one for their part. */
export function recordHandOver(ctx: RoutingContext, i: Interaction, agentId: string, handedTo: string, now: number): void {
  if (!wrapsUp(ctx, i)) return;
  ctx.o.db
    .insert(transferWrapUps)
    .values({ id: newId(), interactionId: i.id, agentId, queueId: i.wrapUpViaQueueId, handedTo, handedAt: now, status: "wrap_up" })
    .run();
}

/**
 * The agent is done with a piece of work that came through `queueId` (if any): unless other work is still
 * active they go to wrap-up, or are free. A mandatory form holds them in wrap-up only while one is owed, so
 * nobody waits in wrap-up without a form to send or a countdown to watch.
 */
export function releaseAgent(ctx: RoutingContext, agentId: string, queueId: string | null): void {
  if (openWork(ctx, agentId).some((w) => w.status === "active")) return;
  const queue = queueId ? findQueue(ctx, queueId) : null;
  const mandatory = owedWrapUps(ctx, agentId).some((w) => w.queueId && findQueue(ctx, w.queueId)?.wrapUpMandatory);
  const ms = mandatory ? MANDATORY_WRAP_MS : (queue?.wrapUpS ?? 0) * 1000;
  ctx.o.presence.tryApply(agentId, { type: "work_ended", wrapUp: ms > 0 }, ms);
}

/** The form the agent may fill in under this id (their part or their own interaction); NotFound for anyone else's. */
export function owedWrapUp(ctx: RoutingContext, id: string, agentId: string): OwedWrapUp {
  const part = ctx.o.db.select().from(transferWrapUps).where(eq(transferWrapUps.id, id)).get();
  if (part) {
    if (part.agentId !== agentId) throw new NotFound("No such interaction.");
    return { id: part.id, interactionId: part.interactionId, queueId: part.queueId };
  }
  const i = getInteraction(ctx, id);
  if (i.agentId !== agentId) throw new NotFound("No such interaction.");
  if (i.status !== "wrap_up" && i.status !== "ended") throw new Conflict("End the interaction before wrapping it up.");
  return { id: i.id, interactionId: i.id, queueId: i.wrapUpViaQueueId };
}

/** Saves a wrap-up form (FEATURES C9); the last one the agent owes ends their wrap-up. */
export function saveWrapUp(ctx: RoutingContext, id: string, agentId: string, disposition: string, notes: string): void {
  const form = owedWrapUp(ctx, id, agentId);
  const saved = { status: "ended" as const, disposition, notes };
  if (form.id === form.interactionId) ctx.o.db.update(interactions).set(saved).where(eq(interactions.id, id)).run();
  else ctx.o.db.update(transferWrapUps).set(saved).where(eq(transferWrapUps.id, id)).run();
  ctx.o.bus.publish("interaction.wrapped_up", {
    interactionId: form.interactionId,
    agentId,
    disposition,
    notes,
    transferredPart: form.id !== form.interactionId,
    at: ctx.o.clock.now(),
  });
  if (owedWrapUps(ctx, agentId).length === 0) ctx.o.presence.tryApply(agentId, { type: "wrap_up_ended" });
}

/** Ends the agent's wrap-up now (a supervisor's call): the forms they owe close without a disposition. Returns how many. */
export function endWrapUp(ctx: RoutingContext, agentId: string): number {
  if (ctx.o.presence.get(agentId).wrapUpEndsAt === null) throw new Conflict("That agent is not in wrap-up.");
  const owed = owedWrapUps(ctx, agentId);
  const own = owed.filter((w) => w.id === w.interactionId).map((w) => w.id);
  const parts = owed.filter((w) => w.id !== w.interactionId).map((w) => w.id);
  if (own.length) ctx.o.db.update(interactions).set({ status: "ended" }).where(inArray(interactions.id, own)).run();
  if (parts.length) ctx.o.db.update(transferWrapUps).set({ status: "ended" }).where(inArray(transferWrapUps.id, parts)).run();
  const now = ctx.o.clock.now();
  for (const w of owed)
    ctx.o.bus.publish("interaction.wrapped_up", {
      interactionId: w.interactionId,
      agentId,
      disposition: null,
      endedBySupervisor: true,
      at: now,
    });
  ctx.o.presence.apply(agentId, { type: "wrap_up_ended" });
  return owed.length;
}

/**
 * An agent held in wrap-up by a mandatory form's safety net who owes no form is released: nothing could
 * ever end that wrap-up (kept across sign-in and restarts, it is otherwise a day long).
 */
export function settleWrapUp(ctx: RoutingContext, agentId: string): void {
  const p = ctx.o.presence.get(agentId);
  const longerThanAnyCountdown = p.wrapUpEndsAt !== null && p.wrapUpEndsAt - ctx.o.clock.now() > WRAP_UP_COUNTDOWN_MAX_MS;
  if (longerThanAnyCountdown && owedWrapUps(ctx, agentId).length === 0) ctx.o.presence.tryApply(agentId, { type: "wrap_up_ended" });
}

/** settleWrapUp for every agent in wrap-up (after a restart). */
export function settleAllWrapUps(ctx: RoutingContext): void {
  for (const id of agentsWithWrapUpEnd(ctx.o.db)) settleWrapUp(ctx, id);
}
