import { and, eq, ne } from "drizzle-orm";
import { Conflict, NotFound } from "../shared/index.ts";
import type { Interaction, Offer } from "./engine.ts";
import { interactions, offers } from "./interactions-schema.ts";
import { agentLabel, endUnanswered, getInteraction, type RoutingContext, ringingOffers } from "./routing-context.ts";

/** How an offer ends without being accepted, besides being cancelled. */
type Declined = "rejected" | "timeout";

function offerById(ctx: RoutingContext, offerId: string): Offer | undefined {
  return ctx.o.db.select().from(offers).where(eq(offers.id, offerId)).get();
}

/** Closes the agent's ringing offer as rejected or timed out; NotFound/Conflict when it is not theirs or not ringing. */
export function closeOffer(ctx: RoutingContext, offerId: string, agentId: string, status: Declined): Offer {
  const now = ctx.o.clock.now();
  const offer = offerById(ctx, offerId);
  if (!offer || offer.agentId !== agentId) throw new NotFound("No such offer.");
  if (offer.status !== "ringing") throw new Conflict("This offer is no longer available.");
  ctx.o.db.update(offers).set({ status, closedAt: now }).where(eq(offers.id, offerId)).run();
  ctx.dispatcher.disarmOffer(offerId);
  // The department it rang for, so reports count ring timeouts per department (null for a transfer or direct work).
  const i = getInteraction(ctx, offer.interactionId);
  const queueId = i.status === "queued" ? i.queueId : null;
  ctx.o.bus.publish("offer.closed", { offerId, interactionId: offer.interactionId, agentId, queueId, status, at: now });
  return offer;
}

/** Withdraws an offer without counting it against the agent (it is not missed). */
export function cancelOffer(ctx: RoutingContext, offer: Offer): void {
  const now = ctx.o.clock.now();
  ctx.o.db.update(offers).set({ status: "cancelled", closedAt: now }).where(eq(offers.id, offer.id)).run();
  ctx.dispatcher.disarmOffer(offer.id);
  const { id: offerId, interactionId, agentId } = offer;
  ctx.o.bus.publish("offer.closed", { offerId, interactionId, agentId, status: "cancelled", at: now });
}

/** The offer rang out. */
export function expireOffer(ctx: RoutingContext, offerId: string): void {
  const offer = offerById(ctx, offerId);
  if (offer?.status !== "ringing") return;
  closeOffer(ctx, offerId, offer.agentId, "timeout");
  // FEATURES C3: an agent who lets an offer ring out is made Not Ready ("missed").
  ctx.o.presence.tryApply(offer.agentId, { type: "missed" });
  afterDeclined(ctx, offer, "no answer");
}

/** The agent's auto-answer delay passed while the offer still rings: it is accepted for them. */
export function autoAnswer(ctx: RoutingContext, offerId: string, accept: (offerId: string, agentId: string) => void): void {
  const offer = offerById(ctx, offerId);
  if (offer?.status === "ringing") accept(offerId, offer.agentId);
}

/** After an agent rejected or let an offer ring out: a transfer fails, direct work ends, queued work rings someone else. */
export function afterDeclined(ctx: RoutingContext, offer: Offer, why: string): void {
  const i = getInteraction(ctx, offer.interactionId);
  if (i.status === "active" && i.targetAgentId === offer.agentId) {
    failTransfer(ctx, i, offer.agentId, why);
  } else if (i.status === "queued" && !i.queueId && i.targetAgentId === offer.agentId) {
    // A direct interaction nobody else can take ends unanswered.
    endUnanswered(ctx, i, "no-answer", ctx.o.clock.now());
  }
  ctx.dispatcher.dispatch();
}

/** The transfer to this agent did not happen: the work stays with the sender, who is told why. */
function failTransfer(ctx: RoutingContext, i: Interaction, toAgentId: string, why: string): void {
  ctx.o.db.update(interactions).set({ targetAgentId: null }).where(eq(interactions.id, i.id)).run();
  ctx.o.bus.publish("interaction.transfer_failed", {
    interactionId: i.id,
    fromAgentId: i.agentId,
    toAgentId,
    reason: `${agentLabel(ctx, toAgentId)}: ${why}`,
    at: ctx.o.clock.now(),
  });
}

/** Cancels the agent's ringing queue offers (direct ones keep ringing: FEATURES R5). */
export function withdrawQueueOffers(ctx: RoutingContext, agentId: string): void {
  for (const offer of ringingOffers(ctx, agentId)) {
    if (getInteraction(ctx, offer.interactionId).targetAgentId !== agentId) cancelOffer(ctx, offer);
  }
}

/** Cancels the agent's offers on channels that can no longer reach them; a transfer to them fails visibly. */
export function withdrawUnreachableOffers(ctx: RoutingContext, agentId: string): void {
  for (const offer of ringingOffers(ctx, agentId)) {
    const i = getInteraction(ctx, offer.interactionId);
    if (ctx.dispatcher.reachable(agentId, i.channel)) continue;
    cancelOffer(ctx, offer);
    if (i.status === "active" && i.targetAgentId === agentId) failTransfer(ctx, i, agentId, "cannot be reached now");
  }
}

/** After a restart: offers still in their ring time ring on, the others are cancelled so the work is offered anew. */
export function restoreRingingOffers(ctx: RoutingContext): void {
  const { db, clock } = ctx.o;
  for (const offer of db.select().from(offers).where(eq(offers.status, "ringing")).all()) {
    // Its ring time ran out while the appliance was down: nobody let it ring out, so it is offered
    // anew (to the same agent too) instead of counting as missed and making the agent Not Ready.
    if (offer.expiresAt <= clock.now()) cancelOffer(ctx, offer);
    else ctx.dispatcher.armOffer(offer);
  }
}

/** Stops the ring and auto-answer timers of an interaction's offers; with cancelRinging, cancels the ringing ones too. */
export function closeOfferTimers(ctx: RoutingContext, interactionId: string, cancelRinging = false): void {
  const { o, dispatcher } = ctx;
  const ringing = o.db
    .select()
    .from(offers)
    .where(and(eq(offers.interactionId, interactionId), eq(offers.status, "ringing")))
    .all();
  for (const offer of ringing) dispatcher.disarmOffer(offer.id);
  const closed = o.db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.interactionId, interactionId), ne(offers.status, "ringing")))
    .all();
  for (const offer of closed) dispatcher.disarmOffer(offer.id);
  if (cancelRinging && ringing.length) {
    const now = o.clock.now();
    o.db
      .update(offers)
      .set({ status: "cancelled", closedAt: now })
      .where(and(eq(offers.interactionId, interactionId), eq(offers.status, "ringing")))
      .run();
    for (const offer of ringing)
      o.bus.publish("offer.closed", { offerId: offer.id, interactionId, agentId: offer.agentId, status: "cancelled", at: now });
  }
}
