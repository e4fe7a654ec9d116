import { and, eq } from "drizzle-orm";
import { findUser } from "../auth/index.ts";
import { Conflict, Forbidden, ValidationError } from "../shared/index.ts";
import { channelPermissionLabel, mayTake } from "./agent-pool.ts";
import type { Interaction } from "./engine.ts";
import { interactions, offers } from "./interactions-schema.ts";
import { closeOfferTimers } from "./offer-lifecycle.ts";
import { agentLabel, getInteraction, type RoutingContext, requireQueue } from "./routing-context.ts";
import { recordHandOver, releaseAgent } from "./wrap-ups.ts";

function handledBy(ctx: RoutingContext, interactionId: string, agentId: string): Interaction {
  const i = getInteraction(ctx, interactionId);
  if (i.status !== "active" || i.agentId !== agentId) throw new Forbidden("Only the agent handling it can transfer it.");
  return i;
}

/** Offers the interaction to a named agent; it stays with the sender until they accept (FEATURES W4, V4). */
export function transferToAgent(ctx: RoutingContext, interactionId: string, fromAgentId: string, toAgentId: string): void {
  const { db, bus, clock } = ctx.o;
  const i = handledBy(ctx, interactionId, fromAgentId);
  if (toAgentId === fromAgentId) throw new ValidationError("Choose another agent.");
  if (i.targetAgentId) throw new Conflict("A transfer of this interaction is already ringing.");
  const target = findUser(db, toAgentId);
  if (target && !mayTake(target, i.channel))
    throw new Conflict(
      `${target.fullName} cannot take ${i.channel} work: they do not have the ${channelPermissionLabel(i.channel)} permission.`,
    );
  db.update(interactions).set({ targetAgentId: toAgentId }).where(eq(interactions.id, i.id)).run();
  ctx.dispatcher.dispatch();
  const offered = db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.interactionId, i.id), eq(offers.agentId, toAgentId), eq(offers.status, "ringing")))
    .get();
  if (!offered) {
    db.update(interactions).set({ targetAgentId: null }).where(eq(interactions.id, i.id)).run();
    throw new Conflict(`${agentLabel(ctx, toAgentId)} is not available right now.`);
  }
  bus.publish("interaction.transfer_requested", { interactionId: i.id, fromAgentId, toAgentId, at: clock.now() });
}

/** Puts the interaction back in a department's queue; the sender is free of it at once. */
export function transferToQueue(ctx: RoutingContext, interactionId: string, fromAgentId: string, queueId: string): void {
  const { db, bus, clock } = ctx.o;
  const i = handledBy(ctx, interactionId, fromAgentId);
  const queue = requireQueue(ctx, queueId);
  if (queue.channel !== i.channel) throw new ValidationError(`The department ${queue.name} does not take ${i.channel}.`);
  const now = clock.now();
  db.update(interactions)
    .set({ status: "queued", queueId, agentId: null, targetAgentId: null, queuedAt: now, wrapUpViaQueueId: null })
    .where(eq(interactions.id, i.id))
    .run();
  closeOfferTimers(ctx, i.id, true);
  recordHandOver(ctx, i, fromAgentId, queue.name, now);
  bus.publish("interaction.transferred", { interactionId: i.id, fromAgentId, toQueueId: queueId, fromQueueId: i.queueId, at: now });
  releaseAgent(ctx, fromAgentId, i.wrapUpViaQueueId);
  ctx.dispatcher.armMaxWait(getInteraction(ctx, i.id), queue);
  ctx.dispatcher.dispatch();
}
