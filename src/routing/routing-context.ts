import { and, eq, inArray, sql } from "drizzle-orm";
import { preparedQuery } from "../db/index.ts";
import { NotFound } from "../shared/index.ts";
import type { Dispatcher, EngineOptions, Interaction, Offer, Queue } from "./engine.ts";
import { interactions, offers } from "./interactions-schema.ts";
import { queues } from "./schema.ts";

/** What every routing operation works with: the engine's parts and the dispatcher that keeps offers and timers. */
export type RoutingContext = { readonly o: EngineOptions; readonly dispatcher: Dispatcher };

/** A mandatory wrap-up form keeps the agent in wrap-up until it is sent; one day is the safety net. */
const MANDATORY_WRAP_MS = 24 * 3600_000;

/** Read for nearly every interaction operation and chat message: built once (see preparedQuery). */
const interactionById = preparedQuery((db) =>
  db
    .select()
    .from(interactions)
    .where(eq(interactions.id, sql.placeholder("id")))
    .prepare(),
);

export function getInteraction(ctx: RoutingContext, id: string): Interaction {
  const row = interactionById(ctx.o.db).get({ id });
  if (!row) throw new NotFound("No such interaction.");
  return row;
}

export function findQueue(ctx: RoutingContext, id: string): Queue | null {
  return ctx.o.db.select().from(queues).where(eq(queues.id, id)).get() ?? null;
}

export function requireQueue(ctx: RoutingContext, id: string): Queue {
  const q = findQueue(ctx, id);
  if (!q) throw new NotFound("No such department.");
  return q;
}

export function agentLabel(ctx: RoutingContext, id: string): string {
  return (
    ctx.o.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, id), columns: { fullName: true } }).sync()?.fullName ?? "That agent"
  );
}

// Read for every console page and push: built once (see preparedQuery).
const openWorkOf = preparedQuery((db) =>
  db
    .select()
    .from(interactions)
    .where(and(eq(interactions.agentId, sql.placeholder("agentId")), inArray(interactions.status, ["active", "wrap_up"])))
    .prepare(),
);
const ringingOffersOf = preparedQuery((db) =>
  db
    .select()
    .from(offers)
    .where(and(eq(offers.agentId, sql.placeholder("agentId")), eq(offers.status, "ringing")))
    .prepare(),
);

/** The agent's open tabs: interactions in progress or waiting for their wrap-up form. */
export function openWork(ctx: RoutingContext, agentId: string): Interaction[] {
  return openWorkOf(ctx.o.db).all({ agentId });
}

export function ringingOffers(ctx: RoutingContext, agentId: string): Offer[] {
  return ringingOffersOf(ctx.o.db).all({ agentId });
}

/** The queue whose wrap-up settings apply when the agent finishes this interaction, if any. */
function wrapUpQueue(ctx: RoutingContext, i: Interaction): Queue | null {
  return i.wrapUpViaQueueId ? findQueue(ctx, i.wrapUpViaQueueId) : null;
}

const asksForWrapUp = (queue: Queue | null) => Boolean(queue && (queue.wrapUpS > 0 || queue.wrapUpMandatory));

/** Whether finishing this interaction sends the agent to wrap-up (its queue asks for a form or a pause). */
export function wrapsUp(ctx: RoutingContext, i: Interaction): boolean {
  return asksForWrapUp(wrapUpQueue(ctx, i));
}

/** The agent is done with this interaction: unless other work is still active, they go to wrap-up or are free. */
export function releaseAgent(ctx: RoutingContext, agentId: string, i: Interaction): void {
  if (openWork(ctx, agentId).some((w) => w.status === "active")) return;
  const queue = wrapUpQueue(ctx, i);
  const ms = queue?.wrapUpMandatory ? MANDATORY_WRAP_MS : (queue?.wrapUpS ?? 0) * 1000;
  ctx.o.presence.tryApply(agentId, { type: "work_ended", wrapUp: asksForWrapUp(queue) }, ms);
}

export function publishQueueLeft(
  ctx: RoutingContext,
  i: Interaction,
  reason: "accepted" | "timeout" | "abandoned" | "transferred",
  now: number,
): void {
  ctx.o.bus.publish("queue.left", {
    interactionId: i.id,
    queueId: i.queueId,
    reason,
    waitedMs: i.queuedAt === null ? 0 : now - i.queuedAt,
    at: now,
    channel: i.channel,
  });
}

/** Tells that work ended before any agent took it (abandoned, overflowed away, unanswered). */
export function publishEndedUnanswered(ctx: RoutingContext, i: Interaction, reason: string, now: number): void {
  ctx.o.bus.publish("interaction.ended", { interactionId: i.id, agentId: null, reason, wrapUp: false, at: now, channel: i.channel });
}

/** Ends work no agent took, with the reason reports show. */
export function endUnanswered(ctx: RoutingContext, i: Interaction, reason: string, now: number): void {
  ctx.o.db.update(interactions).set({ status: "ended", endedAt: now, endReason: reason }).where(eq(interactions.id, i.id)).run();
  publishEndedUnanswered(ctx, i, reason, now);
}
