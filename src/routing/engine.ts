import { and, asc, desc, eq, inArray, isNotNull, notExists } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import type { PresenceEvents, PresenceService } from "../presence/index.ts";
import { type Clock, type EventBus, type Logger, newId, type TimerHandle } from "../shared/index.ts";
import { canTake, loadAgentPool, type PoolAgent } from "./agent-pool.ts";
import type { RoutingEvents } from "./events.ts";
import { interactions, offers } from "./interactions-schema.ts";
import { type Channel, queueMembers, queues } from "./schema.ts";
import { pickAgents } from "./strategies.ts";

export type Interaction = typeof interactions.$inferSelect;
export type Offer = typeof offers.$inferSelect;
export type Queue = typeof queues.$inferSelect;

export type EngineOptions = {
  db: Db;
  bus: EventBus<RoutingEvents & PresenceEvents>;
  clock: Clock;
  log: Logger;
  presence: PresenceService;
  maxOpen: () => number;
  random?: () => number;
  /** Whether work can reach an agent beyond their presence; everyone when absent (the wiring decides). */
  reachable?: Reachable;
};

/**
 * Whether work on a channel can reach this agent beyond their presence (a voice agent's browser phone must be
 * up): the wiring knows; routing only asks.
 */
export type Reachable = (agentId: string, channel: Channel) => boolean;

export type DispatcherTimers = {
  offerExpired(offerId: string): void;
  autoAnswer(offerId: string): void;
  maxWait(interactionId: string): void;
};

/** Ring time for direct interactions that have no queue to take it from. */
export const DIRECT_RING_MS = 30_000;

/**
 * The dispatcher (FEATURES R1, R2, R5): matches queued interactions to agents by priority then
 * FIFO, creates offers and keeps the offer, auto-answer and max-wait timers.
 */
export class Dispatcher {
  private readonly timers = new Map<string, TimerHandle>();
  private readonly lastOffered = new Map<string, string>();
  private dispatching = false;
  private again = false;
  readonly reachable: Reachable;

  constructor(
    private readonly o: EngineOptions,
    /** What happens when an offer times out, an offer's auto-answer comes due or a queued interaction waited too long. */
    private readonly due: DispatcherTimers,
  ) {
    this.reachable = o.reachable ?? (() => true);
  }

  /** Offers every queued interaction that can be offered now. Safe to call from event handlers. */
  dispatch(): void {
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.again = false;
        this.dispatchOnce();
      } while (this.again);
    } finally {
      this.dispatching = false;
    }
  }

  private dispatchOnce(): void {
    const { db, clock } = this.o;
    // Work already ringing for someone waits for that offer to close: only the rest needs the agent pool.
    const queueById = new Map(
      db
        .select()
        .from(queues)
        .all()
        .map((q) => [q.id, q]),
    );
    // Work of a pick department waits for a member to take it from the list (src/routing/pick.ts).
    const pending = this.unoffered().filter((i) => i.targetAgentId || queueById.get(i.queueId ?? "")?.workMode !== "pick");
    if (pending.length === 0) return;
    const queued = pending.filter((i) => !i.targetAgentId && i.queueId);
    const fewestToday = queued.some((i) => queueById.get(i.queueId as string)?.strategy === "fewest-today");
    const pool = loadAgentPool(db, {
      queueIds: [...new Set(queued.map((i) => i.queueId as string))],
      agentIds: [...new Set(pending.map((i) => i.targetAgentId ?? "").filter(Boolean))],
      dayStart: fewestToday ? startOfDay(clock.now()) : null,
    });
    if (pool.size === 0) return;
    const history = db
      .select()
      .from(offers)
      .where(
        inArray(
          offers.interactionId,
          pending.map((i) => i.id),
        ),
      )
      .all();
    const declined = declinedThisVisit(history, pending);
    const maxOpen = this.o.maxOpen();

    for (const i of pending) {
      const direct = Boolean(i.targetAgentId);
      const eligible = [...pool.values()].filter(
        (a) =>
          (direct ? a.userId === i.targetAgentId : Boolean(i.queueId && a.queues.has(i.queueId))) &&
          canTake(a, i.channel, direct, maxOpen) &&
          this.reachable(a.userId, i.channel),
      );
      const queue = i.queueId ? queueById.get(i.queueId) : undefined;
      const candidates = this.notDeclined(i, eligible, declined.get(i.id), queue);
      if (candidates.length === 0) continue;
      const chosen = direct || !queue ? [candidates[0] as PoolAgent] : this.choose(queue, candidates);
      this.offer(i, chosen, queue);
      for (const a of chosen) a.ringing = true;
    }
  }

  /**
   * Agents who declined or missed this work during its stay in the queue are passed over while anyone else can
   * take it. When nobody else can, it is offered to them again once the queue's re-offer pause since their last
   * decline has passed (a timer dispatches again then), so work never waits for good beside a Ready agent.
   */
  private notDeclined(i: Interaction, eligible: PoolAgent[], declined: Map<string, number> | undefined, queue: Queue | undefined) {
    if (!declined) return eligible;
    const fresh = eligible.filter((a) => !declined.has(a.userId));
    if (fresh.length || !queue) return fresh;
    const now = this.o.clock.now();
    const readyAt = (a: PoolAgent) => (declined.get(a.userId) ?? 0) + queue.reofferAfterS * 1000;
    const again = eligible.filter((a) => readyAt(a) <= now);
    if (again.length === 0 && eligible.length) this.arm(`reoffer:${i.id}`, Math.min(...eligible.map(readyAt)) - now, () => this.dispatch());
    return again;
  }

  /** Transfers first, then queued work by priority and FIFO; none of them ringing now. */
  private unoffered(): Interaction[] {
    const { db } = this.o;
    const notRinging = notExists(
      db
        .select({ id: offers.id })
        .from(offers)
        .where(and(eq(offers.interactionId, interactions.id), eq(offers.status, "ringing"))),
    );
    const transfers = db
      .select()
      .from(interactions)
      .where(and(eq(interactions.status, "active"), isNotNull(interactions.targetAgentId), notRinging))
      .all();
    const waiting = db
      .select()
      .from(interactions)
      .where(and(eq(interactions.status, "queued"), notRinging))
      .orderBy(desc(interactions.priority), asc(interactions.queuedAt))
      .all();
    return [...transfers, ...waiting];
  }

  private choose(queue: Queue, candidates: PoolAgent[]): PoolAgent[] {
    const memberOrder = this.o.db
      .select({ id: queueMembers.userId })
      .from(queueMembers)
      .where(eq(queueMembers.queueId, queue.id))
      .orderBy(asc(queueMembers.userId))
      .all()
      .map((r) => r.id);
    const picked = pickAgents(queue.strategy, candidates, {
      memberOrder,
      lastOffered: this.lastOffered.get(queue.id),
      random: this.o.random ?? Math.random,
    });
    const last = picked[picked.length - 1];
    if (last) this.lastOffered.set(queue.id, last);
    return candidates.filter((c) => picked.includes(c.userId));
  }

  private offer(i: Interaction, agents: PoolAgent[], queue: Queue | undefined): void {
    const now = this.o.clock.now();
    const ringMs = queue ? queue.ringTimeoutS * 1000 : DIRECT_RING_MS;
    const single = agents.length === 1;
    const rows: Offer[] = agents.map((a) => {
      const auto = single ? a.autoAnswer[i.channel] : null;
      return {
        id: newId(),
        interactionId: i.id,
        agentId: a.userId,
        status: "ringing",
        offeredAt: now,
        expiresAt: now + ringMs,
        autoAnswerAt: auto === null ? null : now + auto * 1000,
        closedAt: null,
      };
    });
    this.o.db.insert(offers).values(rows).run();
    for (const row of rows) {
      this.armOffer(row);
      this.o.bus.publish("offer.created", {
        offerId: row.id,
        interactionId: i.id,
        agentId: row.agentId,
        at: now,
        expiresAt: row.expiresAt,
      });
    }
  }

  armOffer(row: Offer): void {
    const now = this.o.clock.now();
    this.arm(`offer:${row.id}`, row.expiresAt - now, () => this.due.offerExpired(row.id));
    if (row.autoAnswerAt !== null) this.arm(`auto:${row.id}`, row.autoAnswerAt - now, () => this.due.autoAnswer(row.id));
  }

  armMaxWait(i: Interaction, queue: Queue): void {
    if (i.queuedAt === null) return;
    this.arm(`wait:${i.id}`, i.queuedAt + queue.maxWaitS * 1000 - this.o.clock.now(), () => this.due.maxWait(i.id));
  }

  disarm(key: string): void {
    const t = this.timers.get(key);
    if (t) this.o.clock.clearTimeout(t);
    this.timers.delete(key);
  }

  disarmOffer(offerId: string): void {
    this.disarm(`offer:${offerId}`);
    this.disarm(`auto:${offerId}`);
  }

  stop(): void {
    for (const t of this.timers.values()) this.o.clock.clearTimeout(t);
    this.timers.clear();
  }

  private arm(key: string, ms: number, fn: () => void): void {
    this.disarm(key);
    this.timers.set(
      key,
      this.o.clock.setTimeout(
        () => {
          this.timers.delete(key);
          try {
            fn();
          } catch (err) {
            this.o.log.error("routing timer failed", { key, err });
          }
        },
        Math.max(0, ms),
      ),
    );
  }
}

/**
 * Who already declined (rejected or let ring out) each waiting interaction during its current stay
 * in its queue, and when they last did. A transfer ringing for an agent is a fresh request, so declines
 * never block it.
 */
function declinedThisVisit(history: Offer[], pending: Interaction[]): Map<string, Map<string, number>> {
  const since = new Map(pending.filter((i) => i.status === "queued").map((i) => [i.id, i.queuedAt ?? 0]));
  const out = new Map<string, Map<string, number>>();
  for (const h of history) {
    const from = since.get(h.interactionId);
    if (from === undefined || h.offeredAt < from || (h.status !== "rejected" && h.status !== "timeout")) continue;
    const byAgent = out.get(h.interactionId) ?? new Map<string, number>();
    byAgent.set(h.agentId, Math.max(byAgent.get(h.agentId) ?? 0, h.closedAt ?? h.offeredAt));
    out.set(h.interactionId, byAgent);
  }
  return out;
}

export function startOfDay(now: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}
