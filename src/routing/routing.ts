import { pickInteraction } from "./pick.ts";
import { and, eq } from "drizzle-orm";
import { transaction, type Tx } from "../db/index.ts";
import { Conflict, Forbidden, NotFound } from "../shared/index.ts";
import { Dispatcher, type EngineOptions, type Interaction, type Offer } from "./engine.ts";
import { type EnqueueInput, enqueue, type OwnWorkInput, startOwnWork } from "./intake.ts";
import { interactions, offers } from "./interactions-schema.ts";
import {
  afterDeclined,
  autoAnswer,
  closeOffer,
  closeOfferTimers,
  expireOffer,
  restoreRingingOffers,
  withdrawQueueOffers,
  withdrawUnreachableOffers,
} from "./offer-lifecycle.ts";
import { overflow, restoreMaxWaits } from "./overflow.ts";
import {
  agentLabel,
  getInteraction,
  openWork,
  publishEndedUnanswered,
  publishQueueLeft,
  type RoutingContext,
  ringingOffers,
} from "./routing-context.ts";
import { transferToAgent, transferToQueue } from "./transfers.ts";
import {
  endWrapUp,
  type OwedWrapUp,
  owedTransferWrapUps,
  owedWrapUp,
  recordHandOver,
  releaseAgent,
  saveWrapUp,
  settleAllWrapUps,
  settleWrapUp,
  type TransferWrapUp,
  wrapsUp,
} from "./wrap-ups.ts";

export type { EnqueueInput } from "./intake.ts";

/** An agent entering one of these states stops ringing for queue work (it goes to someone else). */
const WITHDRAW_STATES = new Set(["not_ready", "pending_not_ready", "logged_out"]);

/**
 * The public face of routing for channels (chat, voice…) and the console: enqueue, accept, reject,
 * end, wrap up, transfer and abandon interactions (FEATURES R1–R6, C3, C9, W4, W8). Intake, the offer lifecycle,
 * transfers and overflow live in their own files and share a RoutingContext.
 */
export class Routing {
  readonly dispatcher: Dispatcher;
  private readonly ctx: RoutingContext;

  private readonly detach: () => void;

  constructor(private readonly o: EngineOptions) {
    this.dispatcher = new Dispatcher(o, {
      offerExpired: (id) => expireOffer(this.ctx, id),
      autoAnswer: (id) => autoAnswer(this.ctx, id, (offerId, agentId) => this.accept(offerId, agentId)),
      maxWait: (id) => overflow(this.ctx, id),
    });
    const ctx = { o, dispatcher: this.dispatcher };
    this.ctx = ctx;
    this.detach = o.bus.subscribe("agent.state_changed", (change) => {
      if (WITHDRAW_STATES.has(change.to) && change.from !== change.to) withdrawQueueOffers(ctx, change.userId);
      // Work starting or ending is applied by this class, which dispatches once the whole operation is done.
      if (change.cause !== "work_started" && change.cause !== "work_ended") this.dispatcher.dispatch();
    });
  }

  /**
   * Queues new work and offers it. `alsoInTx` runs in the same transaction as the insert (a channel
   * stores its own row pointing at the interaction), so nothing is offered before both are committed.
   */
  enqueue(input: EnqueueInput, alsoInTx?: (tx: Tx, interaction: Interaction) => void): Interaction {
    return enqueue(this.ctx, input, alsoInTx);
  }

  /**
   * Work the agent starts themselves (an outside or internal call they dial): active and theirs at once, no
   * queue and no offer. The agent becomes Busy (or Pending Not Ready when they dial while Not Ready).
   */
  startOwnWork(input: OwnWorkInput): Interaction {
    return startOwnWork(this.ctx, input);
  }

  get(id: string): Interaction {
    return getInteraction(this.ctx, id);
  }

  /** The agent's open tabs: interactions in progress or waiting for their wrap-up form. */
  openWork(agentId: string): Interaction[] {
    return openWork(this.ctx, agentId);
  }

  ringingOffers(agentId: string): Offer[] {
    return ringingOffers(this.ctx, agentId);
  }

  accept(offerId: string, agentId: string): Interaction {
    const { db, clock } = this.o;
    const now = clock.now();
    const { offer, before } = transaction(db, (tx) => {
      const offer = tx.select().from(offers).where(eq(offers.id, offerId)).get();
      if (!offer || offer.agentId !== agentId) throw new NotFound("No such offer.");
      if (offer.status !== "ringing") throw new Conflict("This offer is no longer available.");
      const before = tx.select().from(interactions).where(eq(interactions.id, offer.interactionId)).get() as Interaction;
      tx.update(offers).set({ status: "accepted", closedAt: now }).where(eq(offers.id, offerId)).run();
      tx.update(offers)
        .set({ status: "cancelled", closedAt: now })
        .where(and(eq(offers.interactionId, offer.interactionId), eq(offers.status, "ringing")))
        .run();
      const transfer = before.status === "active";
      tx.update(interactions)
        .set({
          status: "active",
          agentId,
          targetAgentId: null,
          acceptedAt: transfer ? before.acceptedAt : now,
          // A transfer keeps the wrap-up of the queue the work came through (decision 014).
          wrapUpViaQueueId: transfer ? before.wrapUpViaQueueId : before.direction === "inbound" ? before.queueId : null,
        })
        .where(eq(interactions.id, before.id))
        .run();
      return { offer, before };
    });
    closeOfferTimers(this.ctx, before.id);
    this.dispatcher.disarm(`wait:${before.id}`);
    // Recorded before anyone is told, so the sender's console shows their part's form with the news.
    if (before.status === "active" && before.agentId) recordHandOver(this.ctx, before, before.agentId, agentLabel(this.ctx, agentId), now);
    this.o.presence.tryApply(agentId, { type: "work_started" });
    const waitedMs = before.queuedAt === null ? 0 : now - before.queuedAt;
    if (before.status === "queued" && before.queueId) publishQueueLeft(this.ctx, before, "accepted", now);
    this.o.bus.publish("interaction.accepted", {
      interactionId: before.id,
      agentId,
      offerId: offer.id,
      waitedMs,
      channel: before.channel,
      at: now,
      transferFrom: before.status === "active" ? before.agentId : null,
    });
    if (before.status === "active" && before.agentId) releaseAgent(this.ctx, before.agentId, before.wrapUpViaQueueId);
    this.dispatcher.dispatch();
    return this.get(before.id);
  }

  /** The agent takes waiting work of a pick department (Start session); Conflict when someone else was first. */
  pick(interactionId: string, agentId: string): Interaction {
    return pickInteraction(this.ctx, interactionId, agentId, (offerId, id) => this.accept(offerId, id));
  }

  reject(offerId: string, agentId: string): void {
    const offer = closeOffer(this.ctx, offerId, agentId, "rejected");
    afterDeclined(this.ctx, offer, "declined");
  }

  /** The agent ends their part: the interaction goes to wrap-up (inbound queue work) or ends. */
  end(interactionId: string, agentId: string | null, reason = "completed"): Interaction {
    const i = this.get(interactionId);
    if (i.status === "queued") return this.abandon(interactionId);
    if (i.status !== "active") throw new Conflict("This interaction has already ended.");
    if (agentId && i.agentId !== agentId) throw new Forbidden("This interaction belongs to another agent.");
    const now = this.o.clock.now();
    const wraps = wrapsUp(this.ctx, i);
    this.o.db
      .update(interactions)
      .set({ status: wraps ? "wrap_up" : "ended", endedAt: now, endReason: reason, targetAgentId: null })
      .where(eq(interactions.id, i.id))
      .run();
    closeOfferTimers(this.ctx, i.id, true);
    this.o.bus.publish("interaction.ended", {
      interactionId: i.id,
      agentId: i.agentId,
      reason,
      wrapUp: wraps,
      at: now,
      channel: i.channel,
    });
    if (i.agentId) releaseAgent(this.ctx, i.agentId, i.wrapUpViaQueueId);
    this.dispatcher.dispatch();
    return this.get(i.id);
  }

  /** The wrap-up form under this id the agent owes (their own interaction or their part of a transferred one). */
  owedWrapUp(id: string, agentId: string): OwedWrapUp {
    return owedWrapUp(this.ctx, id, agentId);
  }

  /** The parts of transferred work the agent still has to wrap up (decision 014). */
  owedTransferWrapUps(agentId: string): TransferWrapUp[] {
    return owedTransferWrapUps(this.ctx, agentId);
  }

  /** Saves a wrap-up form (FEATURES C9); the last one the agent owes ends their wrap-up. */
  wrapUp(id: string, agentId: string, disposition: string, notes: string): void {
    saveWrapUp(this.ctx, id, agentId, disposition, notes);
  }

  /** A supervisor ends the agent's wrap-up: the forms they owe close without a disposition. Returns how many. */
  endWrapUp(agentId: string): number {
    return endWrapUp(this.ctx, agentId);
  }

  /** Releases an agent held in wrap-up with no form to send and no countdown (see settleWrapUp). */
  settleWrapUp(agentId: string): void {
    settleWrapUp(this.ctx, agentId);
  }

  /** The customer left before an agent accepted (FEATURES W8), or hung up during the call. */
  abandon(interactionId: string): Interaction {
    const i = this.get(interactionId);
    if (i.status === "active") return this.end(interactionId, null, "customer-left");
    if (i.status !== "queued") return i;
    const now = this.o.clock.now();
    this.o.db.update(interactions).set({ status: "ended", endedAt: now, endReason: "abandoned" }).where(eq(interactions.id, i.id)).run();
    closeOfferTimers(this.ctx, i.id, true);
    this.dispatcher.disarm(`wait:${i.id}`);
    if (i.queueId) publishQueueLeft(this.ctx, i, "abandoned", now);
    publishEndedUnanswered(this.ctx, i, "abandoned", now);
    this.dispatcher.dispatch();
    return this.get(i.id);
  }

  /** Offers the interaction to a named agent; it stays with the sender until they accept (FEATURES W4, V4). */
  transferToAgent(interactionId: string, fromAgentId: string, toAgentId: string): void {
    transferToAgent(this.ctx, interactionId, fromAgentId, toAgentId);
  }

  /** Puts the interaction back in a department's queue; the sender is free of it at once. */
  transferToQueue(interactionId: string, fromAgentId: string, queueId: string): void {
    transferToQueue(this.ctx, interactionId, fromAgentId, queueId);
  }

  /** After a restart: re-arm timers, expire what expired while down, then dispatch (FEATURES R6). */
  restore(): void {
    restoreRingingOffers(this.ctx);
    restoreMaxWaits(this.ctx);
    settleAllWrapUps(this.ctx);
    this.dispatcher.dispatch();
  }

  stop(): void {
    this.detach();
    this.dispatcher.stop();
  }

  /** Whether the agent has work in progress (presence asks it: Ready after wrap-up means Busy then). */
  hasActiveWork(agentId: string): boolean {
    return this.openWork(agentId).some((i) => i.status === "active");
  }

  /**
   * An agent became reachable or unreachable on some channel. Their offers that can no longer reach them are
   * withdrawn (cancelled, not missed: the agent is not made Not Ready, and the work rings the next agent at once;
   * a transfer to them fails visibly), then waiting work is dispatched, to them too if they came back.
   */
  reachabilityChanged(agentId: string): void {
    withdrawUnreachableOffers(this.ctx, agentId);
    this.dispatcher.dispatch();
  }
}
