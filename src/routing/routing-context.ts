import { and, eq, inArray, sql } from "drizzle-orm";
import { findUser } from "../auth/index.ts";
import { preparedQuery } from "../db/index.ts";
import { NotFound } from "../shared/index.ts";
import type { Dispatcher, EngineOptions, Interaction, Offer, Queue } from "./engine.ts";
import { interactions, offers } from "./interactions-schema.ts";
import { queues } from "./schema.ts";

/** What every routing operation works with: the engine's parts and the dispatcher that keeps offers and timers. */
export type RoutingContext = { readonly o: EngineOptions; readonly dispatcher: Dispatcher };

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
  return findUser(ctx.o.db, id)?.fullName ?? "That agent";
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
