import { and, eq, inArray } from "drizzle-orm";
import { agentPresence, interactions, offers, transferWrapUps, users } from "./read-model.ts";
import type { Db } from "../db/index.ts";
import { type AgentState, legalChoices, type PresenceSnapshot, STATE_LABELS } from "../presence/index.ts";
import type { Channel } from "../routing/index.ts";

export type StateChoice = ReturnType<typeof legalChoices>[number];
export type WorkItem = { id: string; channel: Channel; customer: string; status: "active" | "wrap_up" | "ringing" };

/** One agent as the supervisor sees them (FEATURES S1) with the state changes allowed now (S3). */
export type AgentRow = {
  id: string;
  fullName: string;
  state: AgentState;
  label: string;
  reason: string | null;
  /** When the current state began; null for an agent who never signed in. */
  since: number | null;
  work: WorkItem[];
  choices: StateChoice[];
  /** In wrap-up with no work in progress: a supervisor may end it (decision 014). */
  canEndWrapUp: boolean;
  /** The Not Ready reasons a supervisor can pick (admin list, FEATURES A8). */
  reasons: string[];
};

type Presence = typeof agentPresence.$inferSelect;

/** The rows of these agents, read in four queries whatever their number; unknown ids are left out. */
export function loadAgentRows(db: Db, agentIds: string[], reasons: string[]): Map<string, AgentRow> {
  const out = new Map<string, AgentRow>();
  if (agentIds.length === 0) return out;
  const people = db.select({ id: users.id, fullName: users.fullName }).from(users).where(inArray(users.id, agentIds)).all();
  const presence = new Map(
    db
      .select()
      .from(agentPresence)
      .where(inArray(agentPresence.userId, agentIds))
      .all()
      .map((p) => [p.userId, p]),
  );
  const work = workOf(db, agentIds);
  for (const person of people) {
    const p = presence.get(person.id);
    const items = work.get(person.id) ?? [];
    out.set(person.id, {
      id: person.id,
      fullName: person.fullName,
      state: p?.state ?? "logged_out",
      label: STATE_LABELS[p?.state ?? "logged_out"],
      reason: p?.reason ?? null,
      since: p?.stateSince ?? null,
      work: items,
      choices: legalChoices(snapshotOf(p, items)),
      canEndWrapUp: Boolean(p && p.wrapUpEndsAt !== null && !items.some((w) => w.status === "active")),
      reasons,
    });
  }
  return out;
}

/** The same snapshot PresenceService builds, from rows already read (no query per agent). */
export function snapshotOf(p: Presence | undefined, work: WorkItem[]): PresenceSnapshot {
  return {
    state: p?.state ?? "logged_out",
    reason: p?.reason ?? null,
    inWrapUp: p ? p.wrapUpEndsAt !== null : false,
    hasWork: work.some((w) => w.status === "active"),
  };
}

function workOf(db: Db, agentIds: string[]): Map<string, WorkItem[]> {
  const open = db
    .select()
    .from(interactions)
    .where(and(inArray(interactions.agentId, agentIds), inArray(interactions.status, ["active", "wrap_up"])))
    .orderBy(interactions.acceptedAt)
    .all()
    .map((i) => ({ agentId: i.agentId as string, item: item(i, i.status === "wrap_up" ? "wrap_up" : "active") }));
  const ringing = db
    .select({ agentId: offers.agentId, i: interactions })
    .from(offers)
    .innerJoin(interactions, eq(interactions.id, offers.interactionId))
    .where(and(inArray(offers.agentId, agentIds), eq(offers.status, "ringing")))
    .orderBy(offers.offeredAt)
    .all()
    .map((r) => ({ agentId: r.agentId, item: item(r.i, "ringing") }));
  const parts = db
    .select({ agentId: transferWrapUps.agentId, i: interactions })
    .from(transferWrapUps)
    .innerJoin(interactions, eq(interactions.id, transferWrapUps.interactionId))
    .where(and(inArray(transferWrapUps.agentId, agentIds), eq(transferWrapUps.status, "wrap_up")))
    .orderBy(transferWrapUps.handedAt)
    .all()
    .map((r) => ({ agentId: r.agentId, item: item(r.i, "wrap_up") }));
  const byAgent = new Map<string, WorkItem[]>();
  for (const { agentId, item } of [...open, ...parts, ...ringing]) byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), item]);
  return byAgent;
}

function item(i: typeof interactions.$inferSelect, status: WorkItem["status"]): WorkItem {
  const customer = [i.customerName, i.customerAddress].filter(Boolean).join(" · ") || "Unknown customer";
  return { id: i.id, channel: i.channel, customer, status };
}
