import { eq, ne, sql } from "drizzle-orm";
import { type Db, preparedQuery, type Tx } from "../db/index.ts";
import type { Channel } from "./schema.ts";
import type { Clock, EventBus, TimerHandle } from "../shared/index.ts";
import type { PresenceEvents } from "./events.ts";
import { type AgentState, agentPresence } from "./schema.ts";
import { type PresenceEvent, type PresenceSnapshot, transition } from "./state-machine.ts";

export type Presence = typeof agentPresence.$inferSelect;
export type StateChange = {
  userId: string;
  from: AgentState;
  to: AgentState;
  reason: string | null;
  at: number;
  cause: PresenceEvent["type"];
};

// Read (several times) and the heartbeat written for every console page: built once (see preparedQuery).
const presenceOf = preparedQuery((db) =>
  db
    .select()
    .from(agentPresence)
    .where(eq(agentPresence.userId, sql.placeholder("userId")))
    .prepare(),
);
const beat = preparedQuery((db) =>
  db
    .update(agentPresence)
    .set({ lastHeartbeatAt: sql`${sql.placeholder("now")}` })
    .where(eq(agentPresence.userId, sql.placeholder("userId")))
    .prepare(),
);

/** An agent's stored state, or null for one never seen (logged out); reads only. */
export function storedState(db: Db | Tx, userId: string): AgentState | null {
  return presenceOf(db).get({ userId })?.state ?? null;
}

/** Agents whose wrap-up has an end time (in wrap-up, or held there by a mandatory form's safety net). */
export function agentsWithWrapUpEnd(db: Db | Tx): string[] {
  return db
    .select({ id: agentPresence.userId })
    .from(agentPresence)
    .where(sql`${agentPresence.wrapUpEndsAt} is not null`)
    .all()
    .map((r) => r.id);
}

/** Reads a presence row, creating a logged-out one for an agent seen for the first time. */
export function readPresence(db: Db | Tx, userId: string, now: number): Presence {
  const row = presenceOf(db).get({ userId });
  if (row) return row;
  const fresh = {
    userId,
    state: "logged_out" as const,
    reason: null,
    stateSince: now,
    wrapUpEndsAt: null,
    pausedChannels: "[]",
    idleSince: now,
    lastHeartbeatAt: now,
    nodeId: "local",
  };
  db.insert(agentPresence).values(fresh).onConflictDoNothing().run();
  return fresh;
}

export function pausedChannels(p: Presence): Channel[] {
  try {
    return JSON.parse(p.pausedChannels) as Channel[];
  } catch {
    return [];
  }
}

/**
 * Owns agent state: applies events through the state machine, keeps wrap-up timers and publishes
 * `agent.state_changed`. `hasWork` is asked of the routing engine (open interactions of the agent).
 */
export class PresenceService {
  private wrapTimers = new Map<string, TimerHandle>();

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus<PresenceEvents>,
    private readonly clock: Clock,
    private readonly hasWork: (userId: string) => boolean = () => false,
  ) {}

  get(userId: string): Presence {
    return readPresence(this.db, userId, this.clock.now());
  }

  snapshot(p: Presence): PresenceSnapshot {
    return { state: p.state, reason: p.reason, inWrapUp: p.wrapUpEndsAt !== null, hasWork: this.hasWork(p.userId) };
  }

  /** Applies an event; throws IllegalTransition when it is not allowed now. */
  apply(userId: string, event: PresenceEvent, wrapUpMs = 0): StateChange {
    const now = this.clock.now();
    const before = this.get(userId);
    const next = transition(this.snapshot(before), event);
    const wrapUpEndsAt = next.wrapUp === "start" ? now + wrapUpMs : next.wrapUp === "stop" ? null : before.wrapUpEndsAt;
    const becameFree = (next.state === "ready" || next.state === "not_ready") && before.state !== next.state;
    this.db
      .update(agentPresence)
      .set({
        state: next.state,
        reason: next.reason,
        stateSince: next.state !== before.state || next.reason !== before.reason ? now : before.stateSince,
        wrapUpEndsAt,
        idleSince: becameFree || event.type === "login" ? now : before.idleSince,
        lastHeartbeatAt: event.type === "login" ? now : before.lastHeartbeatAt,
        pausedChannels: next.state === "logged_out" ? "[]" : before.pausedChannels,
      })
      .where(eq(agentPresence.userId, userId))
      .run();
    this.armWrapUp(userId, wrapUpEndsAt);
    const change = { userId, from: before.state, to: next.state, reason: next.reason, at: now, cause: event.type };
    this.bus.publish("agent.state_changed", change);
    return change;
  }

  /** Like apply, but a refused move is ignored (used for automatic events). */
  tryApply(userId: string, event: PresenceEvent, wrapUpMs = 0): StateChange | null {
    try {
      return this.apply(userId, event, wrapUpMs);
    } catch {
      return null;
    }
  }

  setPaused(userId: string, channel: Channel, paused: boolean): void {
    const p = this.get(userId);
    const set = new Set(pausedChannels(p));
    if (paused) set.add(channel);
    else set.delete(channel);
    this.db
      .update(agentPresence)
      .set({ pausedChannels: JSON.stringify([...set]) })
      .where(eq(agentPresence.userId, userId))
      .run();
    this.bus.publish("agent.state_changed", { userId, from: p.state, to: p.state, reason: p.reason, at: this.clock.now(), cause: "pause" });
  }

  heartbeat(userId: string): void {
    beat(this.db).run({ userId, now: this.clock.now() });
  }

  /** Marks agents whose console has been silent longer than ttlMs as away; returns their ids. */
  sweepStale(ttlMs: number): string[] {
    const cutoff = this.clock.now() - ttlMs;
    const stale = this.db
      .select()
      .from(agentPresence)
      .all()
      .filter((p) => p.state !== "logged_out" && p.lastHeartbeatAt < cutoff && !(p.state === "not_ready" && p.reason?.startsWith("Away")));
    return stale.filter((p) => this.tryApply(p.userId, { type: "away" })).map((p) => p.userId);
  }

  /**
   * After a restart: re-arm wrap-up timers from the stored end times, and count consoles' silence from
   * now: they were silent because the appliance was down, and need a moment to reconnect (R6).
   */
  restore(): void {
    this.db.update(agentPresence).set({ lastHeartbeatAt: this.clock.now() }).where(ne(agentPresence.state, "logged_out")).run();
    for (const p of this.db.select().from(agentPresence).all()) this.armWrapUp(p.userId, p.wrapUpEndsAt);
  }

  stop(): void {
    for (const t of this.wrapTimers.values()) this.clock.clearTimeout(t);
    this.wrapTimers.clear();
  }

  private armWrapUp(userId: string, endsAt: number | null): void {
    const old = this.wrapTimers.get(userId);
    if (old) this.clock.clearTimeout(old);
    this.wrapTimers.delete(userId);
    if (endsAt === null) return;
    this.wrapTimers.set(
      userId,
      this.clock.setTimeout(() => {
        this.wrapTimers.delete(userId);
        this.tryApply(userId, { type: "wrap_up_ended" });
      }, endsAt - this.clock.now()),
    );
  }
}
