import { eq } from "drizzle-orm";
import { interactions } from "./interactions-schema.ts";
import { closeOfferTimers } from "./offer-lifecycle.ts";
import { endUnanswered, findQueue, getInteraction, publishQueueLeft, type RoutingContext, requireQueue } from "./routing-context.ts";

/**
 * Queued work waited its department's maximum (FEATURES A4, R3): it moves to the overflow department, with a fresh
 * wait there, or ends with the overflow's reason. A queue without overflow keeps it waiting.
 */
export function overflow(ctx: RoutingContext, interactionId: string): void {
  const { db, bus, clock } = ctx.o;
  const i = getInteraction(ctx, interactionId);
  if (i.status !== "queued" || !i.queueId) return;
  const queue = requireQueue(ctx, i.queueId);
  if (queue.overflowKind === "none") return;
  const now = clock.now();
  publishQueueLeft(ctx, i, "timeout", now);
  closeOfferTimers(ctx, i.id, true);
  const target = queue.overflowKind === "queue" && queue.overflowQueueId ? findQueue(ctx, queue.overflowQueueId) : null;
  if (target) {
    db.update(interactions).set({ queueId: target.id, queuedAt: now }).where(eq(interactions.id, i.id)).run();
    bus.publish("interaction.overflowed", { interactionId: i.id, fromQueueId: queue.id, toQueueId: target.id, at: now });
    ctx.dispatcher.armMaxWait(getInteraction(ctx, i.id), target);
  } else {
    endUnanswered(ctx, i, `overflow-${queue.overflowKind}`, now);
  }
  ctx.dispatcher.dispatch();
}

/** After a restart: every queued interaction's max-wait timer counts on from when it was queued. */
export function restoreMaxWaits(ctx: RoutingContext): void {
  for (const i of ctx.o.db.select().from(interactions).where(eq(interactions.status, "queued")).all()) {
    const queue = i.queueId ? findQueue(ctx, i.queueId) : null;
    if (queue) ctx.dispatcher.armMaxWait(i, queue);
  }
}
