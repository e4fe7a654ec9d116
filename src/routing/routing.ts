import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { preparedQuery, transaction, type Tx } from "../db/index.ts";
import { Conflict, Forbidden, NotFound, newId, ValidationError } from "../shared/index.ts";
import { Dispatcher, type EngineOptions, type Interaction, type Offer, type Queue, type Reachable } from "./engine.ts";
import { interactions, offers } from "./interactions-schema.ts";
import { CHANNELS, type Channel, queues } from "./schema.ts";

export type EnqueueInput = {
  channel: Channel;
  direction?: "inbound" | "outbound" | "internal";
  queueId?: string | null;
  targetAgentId?: string | null;
  priority?: number;
  customerName?: string;
  customerAddress?: string;
  subject?: string;
  attachedData?: Record<string, string>;
};

/** Read for nearly every interaction operation and chat message: built once (see preparedQuery). */
const interactionById = preparedQuery((db) =>
  db
    .select()
    .from(interactions)
    .where(eq(interactions.id, sql.placeholder("id")))
    .prepare(),
);

/** An agent entering one of these states stops ringing for queue work (it goes to someone else). */
const WITHDRAW_STATES = new Set(["not_ready", "pending_not_ready", "logged_out"]);

/** A mandatory wrap-up form keeps the agent in wrap-up until it is sent; one day is the safety net. */
const MANDATORY_WRAP_MS = 24 * 3600_000;

/**
 * The public face of routing for channels (chat, voice…) and the console: enqueue, accept, reject,
 * end, wrap up, transfer and abandon interactions (FEATURES R1–R6, C3, C9, W4, W8).
 */
export class Routing {
  readonly dispatcher: Dispatcher;

  constructor(private readonly o: EngineOptions) {
    this.dispatcher = new Dispatcher(o);
    this.dispatcher.onOfferExpired = (id) => this.expireOffer(id);
    this.dispatcher.onAutoAnswer = (id) => this.autoAnswer(id);
    this.dispatcher.onMaxWait = (id) => this.overflow(id);
    o.presence.hasWork = (userId) => this.openWork(userId).some((i) => i.status === "active");
    o.bus.subscribe("agent.state_changed", (change) => {
      if (WITHDRAW_STATES.has(String(change.to)) && change.from !== change.to) this.withdrawQueueOffers(String(change.userId));
      // Work starting or ending is applied by this class, which dispatches once the whole operation is done.
      if (change.cause !== "work_started" && change.cause !== "work_ended") this.dispatcher.dispatch();
    });
  }

  /**
   * Queues new work and offers it. `alsoInTx` runs in the same transaction as the insert (a channel
   * stores its own row pointing at the interaction), so nothing is offered before both are committed.
   */
  enqueue(input: EnqueueInput, alsoInTx?: (tx: Tx, interaction: Interaction) => void): Interaction {
    const { db, clock } = this.o;
    if (!CHANNELS.includes(input.channel)) throw new ValidationError("Unknown channel.");
    const queue = input.queueId ? this.queue(input.queueId) : undefined;
    if (queue && queue.channel !== input.channel) throw new ValidationError(`The department ${queue.name} does not take ${input.channel}.`);
    if (!queue && !input.targetAgentId) throw new ValidationError("An interaction needs a department or an agent.");
    const now = clock.now();
    const row = transaction(db, (tx) => {
      const inserted = tx
        .insert(interactions)
        .values({
          id: newId(),
          channel: input.channel,
          direction: input.direction ?? "inbound",
          status: "queued",
          queueId: queue?.id ?? null,
          targetAgentId: input.targetAgentId ?? null,
          priority: input.priority ?? queue?.priority ?? 0,
          customerName: input.customerName ?? "",
          customerAddress: input.customerAddress ?? "",
          subject: input.subject ?? "",
          attachedData: JSON.stringify(input.attachedData ?? {}),
          createdAt: now,
          queuedAt: now,
        })
        .returning()
        .get();
      alsoInTx?.(tx, inserted);
      return inserted;
    });
    if (queue) this.dispatcher.armMaxWait(row, queue);
    this.o.bus.publish("interaction.queued", { interactionId: row.id, queueId: row.queueId, channel: row.channel, at: now });
    this.dispatcher.dispatch();
    return this.get(row.id);
  }

  /**
   * Work the agent starts themselves (an outside or internal call they dial): active and theirs at once, no
   * queue and no offer. The agent becomes Busy (or Pending Not Ready when they dial while Not Ready).
   */
  startOwnWork(input: Omit<EnqueueInput, "queueId" | "targetAgentId" | "priority"> & { agentId: string }): Interaction {
    const now = this.o.clock.now();
    const row = this.o.db
      .insert(interactions)
      .values({
        id: newId(),
        channel: input.channel,
        direction: input.direction ?? "outbound",
        status: "active",
        agentId: input.agentId,
        customerName: input.customerName ?? "",
        customerAddress: input.customerAddress ?? "",
        subject: input.subject ?? "",
        attachedData: JSON.stringify(input.attachedData ?? {}),
        createdAt: now,
        acceptedAt: now,
      })
      .returning()
      .get();
    this.o.presence.tryApply(input.agentId, { type: "work_started" });
    this.o.bus.publish("interaction.started", { interactionId: row.id, agentId: input.agentId, channel: row.channel, at: now });
    return row;
  }

  get(id: string): Interaction {
    const row = interactionById(this.o.db).get({ id });
    if (!row) throw new NotFound("No such interaction.");
    return row;
  }

  /** The agent's open tabs: interactions in progress or waiting for their wrap-up form. */
  openWork(agentId: string): Interaction[] {
    return this.o.db
      .select()
      .from(interactions)
      .where(and(eq(interactions.agentId, agentId), inArray(interactions.status, ["active", "wrap_up"])))
      .all();
  }

  ringingOffers(agentId: string): Offer[] {
    return this.o.db
      .select()
      .from(offers)
      .where(and(eq(offers.agentId, agentId), eq(offers.status, "ringing")))
      .all();
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
          wrapUpViaQueueId: transfer ? null : before.direction === "inbound" ? before.queueId : null,
        })
        .where(eq(interactions.id, before.id))
        .run();
      return { offer, before };
    });
    this.closeOfferTimers(before.id);
    this.dispatcher.disarm(`wait:${before.id}`);
    this.o.presence.tryApply(agentId, { type: "work_started" });
    const waitedMs = before.queuedAt === null ? 0 : now - before.queuedAt;
    if (before.status === "queued" && before.queueId) this.publishQueueLeft(before, "accepted", now);
    this.o.bus.publish("interaction.accepted", {
      interactionId: before.id,
      agentId,
      offerId: offer.id,
      waitedMs,
      at: now,
      transferFrom: before.status === "active" ? before.agentId : null,
    });
    if (before.status === "active" && before.agentId) this.releaseAgent(before.agentId, before, "transferred");
    this.dispatcher.dispatch();
    return this.get(before.id);
  }

  reject(offerId: string, agentId: string): void {
    const offer = this.closeOffer(offerId, agentId, "rejected");
    this.afterDeclined(offer, "declined");
  }

  /** The agent ends their part: the interaction goes to wrap-up (inbound queue work) or ends. */
  end(interactionId: string, agentId: string | null, reason = "completed"): Interaction {
    const i = this.get(interactionId);
    if (i.status === "queued") return this.abandon(interactionId);
    if (i.status !== "active") throw new Conflict("This interaction has already ended.");
    if (agentId && i.agentId !== agentId) throw new Forbidden("This interaction belongs to another agent.");
    const now = this.o.clock.now();
    const queue = i.wrapUpViaQueueId ? this.queueOrNull(i.wrapUpViaQueueId) : null;
    const wraps = Boolean(queue && (queue.wrapUpS > 0 || queue.wrapUpMandatory));
    this.o.db
      .update(interactions)
      .set({ status: wraps ? "wrap_up" : "ended", endedAt: now, endReason: reason, targetAgentId: null })
      .where(eq(interactions.id, i.id))
      .run();
    this.closeOfferTimers(i.id, true);
    this.o.bus.publish("interaction.ended", {
      interactionId: i.id,
      agentId: i.agentId,
      reason,
      wrapUp: wraps,
      at: now,
      channel: i.channel,
    });
    if (i.agentId) this.releaseAgent(i.agentId, i, reason);
    this.dispatcher.dispatch();
    return this.get(i.id);
  }

  /** Saves the wrap-up form (FEATURES C9); the last pending one ends the agent's wrap-up. */
  wrapUp(interactionId: string, agentId: string, disposition: string, notes: string): Interaction {
    const i = this.get(interactionId);
    if (i.agentId !== agentId) throw new Forbidden("This interaction belongs to another agent.");
    if (i.status !== "wrap_up" && i.status !== "ended") throw new Conflict("End the interaction before wrapping it up.");
    this.o.db.update(interactions).set({ status: "ended", disposition, notes }).where(eq(interactions.id, i.id)).run();
    this.o.bus.publish("interaction.wrapped_up", { interactionId: i.id, agentId, disposition, at: this.o.clock.now() });
    const stillWrapping = this.o.db
      .select({ id: interactions.id })
      .from(interactions)
      .where(and(eq(interactions.agentId, agentId), eq(interactions.status, "wrap_up")))
      .get();
    if (!stillWrapping) this.o.presence.tryApply(agentId, { type: "wrap_up_ended" });
    return this.get(i.id);
  }

  /** The customer left before an agent accepted (FEATURES W8), or hung up during the call. */
  abandon(interactionId: string): Interaction {
    const i = this.get(interactionId);
    if (i.status === "active") return this.end(interactionId, null, "customer-left");
    if (i.status !== "queued") return i;
    const now = this.o.clock.now();
    this.o.db.update(interactions).set({ status: "ended", endedAt: now, endReason: "abandoned" }).where(eq(interactions.id, i.id)).run();
    this.closeOfferTimers(i.id, true);
    this.dispatcher.disarm(`wait:${i.id}`);
    if (i.queueId) this.publishQueueLeft(i, "abandoned", now);
    this.o.bus.publish("interaction.ended", {
      interactionId: i.id,
      agentId: null,
      reason: "abandoned",
      wrapUp: false,
      at: now,
      channel: i.channel,
    });
    this.dispatcher.dispatch();
    return this.get(i.id);
  }

  /** Offers the interaction to a named agent; it stays with the sender until they accept (FEATURES W4, V4). */
  transferToAgent(interactionId: string, fromAgentId: string, toAgentId: string): void {
    const i = this.get(interactionId);
    if (i.status !== "active" || i.agentId !== fromAgentId) throw new Forbidden("Only the agent handling it can transfer it.");
    if (toAgentId === fromAgentId) throw new ValidationError("Choose another agent.");
    if (i.targetAgentId) throw new Conflict("A transfer of this interaction is already ringing.");
    this.o.db.update(interactions).set({ targetAgentId: toAgentId }).where(eq(interactions.id, i.id)).run();
    this.dispatcher.dispatch();
    const offered = this.o.db
      .select({ id: offers.id })
      .from(offers)
      .where(and(eq(offers.interactionId, i.id), eq(offers.agentId, toAgentId), eq(offers.status, "ringing")))
      .get();
    if (!offered) {
      this.o.db.update(interactions).set({ targetAgentId: null }).where(eq(interactions.id, i.id)).run();
      throw new Conflict(`${this.agentLabel(toAgentId)} is not available right now.`);
    }
    this.o.bus.publish("interaction.transfer_requested", { interactionId: i.id, fromAgentId, toAgentId, at: this.o.clock.now() });
  }

  /** Puts the interaction back in a department's queue; the sender is free of it at once. */
  transferToQueue(interactionId: string, fromAgentId: string, queueId: string): void {
    const i = this.get(interactionId);
    if (i.status !== "active" || i.agentId !== fromAgentId) throw new Forbidden("Only the agent handling it can transfer it.");
    const queue = this.queue(queueId);
    if (queue.channel !== i.channel) throw new ValidationError(`The department ${queue.name} does not take ${i.channel}.`);
    const now = this.o.clock.now();
    this.o.db
      .update(interactions)
      .set({ status: "queued", queueId, agentId: null, targetAgentId: null, queuedAt: now, wrapUpViaQueueId: null })
      .where(eq(interactions.id, i.id))
      .run();
    this.closeOfferTimers(i.id, true);
    this.o.bus.publish("interaction.transferred", {
      interactionId: i.id,
      fromAgentId,
      toQueueId: queueId,
      fromQueueId: i.queueId,
      at: now,
    });
    this.releaseAgent(fromAgentId, i, "transferred");
    this.dispatcher.armMaxWait(this.get(i.id), queue);
    this.dispatcher.dispatch();
  }

  /** After a restart: re-arm timers, expire what expired while down, then dispatch (FEATURES R6). */
  restore(): void {
    const { db, clock } = this.o;
    for (const offer of db.select().from(offers).where(eq(offers.status, "ringing")).all()) {
      // Its ring time ran out while the appliance was down: nobody let it ring out, so it is offered
      // anew (to the same agent too) instead of counting as missed and making the agent Not Ready.
      if (offer.expiresAt <= clock.now()) this.cancelOffer(offer);
      else this.dispatcher.armOffer(offer);
    }
    for (const i of db.select().from(interactions).where(eq(interactions.status, "queued")).all()) {
      const queue = i.queueId ? this.queueOrNull(i.queueId) : null;
      if (queue) this.dispatcher.armMaxWait(i, queue);
    }
    this.dispatcher.dispatch();
  }

  stop(): void {
    this.dispatcher.stop();
  }

  /** Offers work only to agents its channel can reach (the wiring decides: voice needs a ready browser phone). */
  setReachable(reachable: Reachable): void {
    this.dispatcher.reachable = reachable;
  }

  /**
   * An agent became reachable or unreachable on some channel. Their offers that can no longer reach them are
   * withdrawn (cancelled, not missed: the agent is not made Not Ready, and the work rings the next agent at once;
   * a transfer to them fails visibly), then waiting work is dispatched, to them too if they came back.
   */
  reachabilityChanged(agentId: string): void {
    for (const offer of this.ringingOffers(agentId)) {
      const i = this.get(offer.interactionId);
      if (this.dispatcher.reachable(agentId, i.channel)) continue;
      this.cancelOffer(offer);
      if (i.status === "active" && i.targetAgentId === agentId) this.failTransfer(i, agentId, "cannot be reached now");
    }
    this.dispatcher.dispatch();
  }

  /** Cancels the agent's ringing queue offers (direct ones keep ringing: FEATURES R5). */
  private withdrawQueueOffers(agentId: string): void {
    for (const offer of this.ringingOffers(agentId)) {
      if (this.get(offer.interactionId).targetAgentId !== agentId) this.cancelOffer(offer);
    }
  }

  private cancelOffer(offer: Offer): void {
    const now = this.o.clock.now();
    this.o.db.update(offers).set({ status: "cancelled", closedAt: now }).where(eq(offers.id, offer.id)).run();
    this.dispatcher.disarmOffer(offer.id);
    const { id: offerId, interactionId, agentId } = offer;
    this.o.bus.publish("offer.closed", { offerId, interactionId, agentId, status: "cancelled", at: now });
  }

  private expireOffer(offerId: string): void {
    const offer = this.o.db.select().from(offers).where(eq(offers.id, offerId)).get();
    if (offer?.status !== "ringing") return;
    this.closeOffer(offerId, offer.agentId, "timeout");
    // FEATURES C3: an agent who lets an offer ring out is made Not Ready ("missed").
    this.o.presence.tryApply(offer.agentId, { type: "missed" });
    this.afterDeclined(offer, "no answer");
  }

  private autoAnswer(offerId: string): void {
    const offer = this.o.db.select().from(offers).where(eq(offers.id, offerId)).get();
    if (offer?.status === "ringing") this.accept(offerId, offer.agentId);
  }

  private overflow(interactionId: string): void {
    const i = this.get(interactionId);
    if (i.status !== "queued" || !i.queueId) return;
    const queue = this.queue(i.queueId);
    if (queue.overflowKind === "none") return;
    const now = this.o.clock.now();
    this.publishQueueLeft(i, "timeout", now);
    this.closeOfferTimers(i.id, true);
    const target = queue.overflowKind === "queue" && queue.overflowQueueId ? this.queueOrNull(queue.overflowQueueId) : null;
    if (target) {
      this.o.db.update(interactions).set({ queueId: target.id, queuedAt: now }).where(eq(interactions.id, i.id)).run();
      this.o.bus.publish("interaction.overflowed", { interactionId: i.id, fromQueueId: queue.id, toQueueId: target.id, at: now });
      this.dispatcher.armMaxWait(this.get(i.id), target);
    } else {
      const reason = `overflow-${queue.overflowKind}`;
      this.o.db.update(interactions).set({ status: "ended", endedAt: now, endReason: reason }).where(eq(interactions.id, i.id)).run();
      this.o.bus.publish("interaction.ended", { interactionId: i.id, agentId: null, reason, wrapUp: false, at: now, channel: i.channel });
    }
    this.dispatcher.dispatch();
  }

  private closeOffer(offerId: string, agentId: string, status: "rejected" | "timeout"): Offer {
    const now = this.o.clock.now();
    const offer = this.o.db.select().from(offers).where(eq(offers.id, offerId)).get();
    if (!offer || offer.agentId !== agentId) throw new NotFound("No such offer.");
    if (offer.status !== "ringing") throw new Conflict("This offer is no longer available.");
    this.o.db.update(offers).set({ status, closedAt: now }).where(eq(offers.id, offerId)).run();
    this.dispatcher.disarmOffer(offerId);
    this.o.bus.publish("offer.closed", { offerId, interactionId: offer.interactionId, agentId, status, at: now });
    return offer;
  }

  private afterDeclined(offer: Offer, why: string): void {
    const i = this.get(offer.interactionId);
    if (i.status === "active" && i.targetAgentId === offer.agentId) {
      this.failTransfer(i, offer.agentId, why);
    } else if (i.status === "queued" && !i.queueId && i.targetAgentId === offer.agentId) {
      // A direct interaction nobody else can take ends unanswered.
      const now = this.o.clock.now();
      this.o.db.update(interactions).set({ status: "ended", endedAt: now, endReason: "no-answer" }).where(eq(interactions.id, i.id)).run();
      this.o.bus.publish("interaction.ended", {
        interactionId: i.id,
        agentId: null,
        reason: "no-answer",
        wrapUp: false,
        at: now,
        channel: i.channel,
      });
    }
    this.dispatcher.dispatch();
  }

  /** The transfer to this agent did not happen: the work stays with the sender, who is told why. */
  private failTransfer(i: Interaction, toAgentId: string, why: string): void {
    this.o.db.update(interactions).set({ targetAgentId: null }).where(eq(interactions.id, i.id)).run();
    this.o.bus.publish("interaction.transfer_failed", {
      interactionId: i.id,
      fromAgentId: i.agentId,
      toAgentId,
      reason: `${this.agentLabel(toAgentId)}: ${why}`,
      at: this.o.clock.now(),
    });
  }

  private releaseAgent(agentId: string, i: Interaction, _reason: string): void {
    if (this.openWork(agentId).some((w) => w.status === "active")) return;
    const queue = i.wrapUpViaQueueId ? this.queueOrNull(i.wrapUpViaQueueId) : null;
    const wrapUp = Boolean(queue && (queue.wrapUpS > 0 || queue.wrapUpMandatory));
    const ms = queue?.wrapUpMandatory ? MANDATORY_WRAP_MS : (queue?.wrapUpS ?? 0) * 1000;
    this.o.presence.tryApply(agentId, { type: "work_ended", wrapUp }, ms);
  }

  private closeOfferTimers(interactionId: string, cancelRinging = false): void {
    const ringing = this.o.db
      .select()
      .from(offers)
      .where(and(eq(offers.interactionId, interactionId), eq(offers.status, "ringing")))
      .all();
    for (const o of ringing) this.dispatcher.disarmOffer(o.id);
    const closed = this.o.db
      .select({ id: offers.id })
      .from(offers)
      .where(and(eq(offers.interactionId, interactionId), ne(offers.status, "ringing")))
      .all();
    for (const o of closed) this.dispatcher.disarmOffer(o.id);
    if (cancelRinging && ringing.length) {
      const now = this.o.clock.now();
      this.o.db
        .update(offers)
        .set({ status: "cancelled", closedAt: now })
        .where(and(eq(offers.interactionId, interactionId), eq(offers.status, "ringing")))
        .run();
      for (const o of ringing)
        this.o.bus.publish("offer.closed", { offerId: o.id, interactionId, agentId: o.agentId, status: "cancelled", at: now });
    }
  }

  private publishQueueLeft(i: Interaction, reason: "accepted" | "timeout" | "abandoned" | "transferred", now: number): void {
    this.o.bus.publish("queue.left", {
      interactionId: i.id,
      queueId: i.queueId,
      reason,
      waitedMs: i.queuedAt === null ? 0 : now - i.queuedAt,
      at: now,
      channel: i.channel,
    });
  }

  private queue(id: string): Queue {
    const q = this.queueOrNull(id);
    if (!q) throw new NotFound("No such department.");
    return q;
  }

  private queueOrNull(id: string): Queue | null {
    return this.o.db.select().from(queues).where(eq(queues.id, id)).get() ?? null;
  }

  private agentLabel(id: string): string {
    return (
      this.o.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, id), columns: { fullName: true } }).sync()?.fullName ?? "That agent"
    );
  }
}
