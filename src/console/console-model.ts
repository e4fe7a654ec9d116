import type { AttachedData, OffersView, OfferView, StateChoice, StateView, WorkItemView } from "../../views/console/console-types.ts";
import type { User } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import { isConfigured } from "../integrations/salesforce/index.ts";
import { legalChoices, pausedChannels, STATE_LABELS } from "../presence/index.ts";
import { type Interaction, listQueues, type Queue, QUEUE_LIMITS, queuesOfUser } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { maskAddress } from "../shared/index.ts";

export type ModelDeps = Pick<AppDeps, "db" | "clock" | "presence" | "routing">;
/** The parts of a user the console needs (a session user or a user row). */
export type ConsoleUser = Pick<User, "id" | "maskSensitive" | "notifyPosition" | "notifySound" | "notifyDesktop">;

/** The Not Ready reasons to offer; the state machine needs one, so an emptied list falls back to a plain one. */
export function notReadyReasons(deps: Pick<AppDeps, "db">): string[] {
  const reasons = getSettings(deps.db).notReadyReasons;
  return reasons.length ? reasons : ["Not Ready"];
}

export function stateView(deps: ModelDeps, userId: string, message?: string | null): StateView {
  const p = deps.presence.get(userId);
  const now = deps.clock.now();
  // Signed out of the queues, both choices sign in again (Ready, or Not Ready with a reason).
  const choices: StateChoice[] = p.state === "logged_out" ? ["ready", "not_ready"] : legalChoices(deps.presence.snapshot(p));
  const paused = new Set<string>(pausedChannels(p));
  const channels = [...new Set(queuesOfUser(deps.db, userId).map((q) => q.channel))];
  const wrapLeft = p.wrapUpEndsAt === null ? null : Math.max(0, p.wrapUpEndsAt - now);
  const countdown = wrapLeft !== null && wrapLeft <= QUEUE_LIMITS.wrapUpS.max * 1000;
  return {
    state: p.state,
    label: STATE_LABELS[p.state],
    reason: p.reason,
    elapsedMs: now - p.stateSince,
    // A mandatory form keeps the agent in wrap-up with a day-long safety net: no countdown for that.
    wrapUpLeftMs: countdown ? wrapLeft : null,
    wrapUpUntilSaved: wrapLeft !== null && !countdown,
    choices,
    reasons: notReadyReasons(deps),
    channels: channels.map((channel) => ({ channel, paused: paused.has(channel) })),
    message,
  };
}

export function offersView(deps: ModelDeps, user: ConsoleUser): OffersView {
  const now = deps.clock.now();
  const queues = queueNames(deps);
  const reveal = revealer(deps, user);
  const offers: OfferView[] = deps.routing.ringingOffers(user.id).map((o) => {
    const i = deps.routing.get(o.interactionId);
    return {
      id: o.id,
      interactionId: i.id,
      channel: i.channel,
      customerName: i.customerName,
      customerAddress: reveal(i.customerAddress),
      queueName: i.queueId ? (queues.get(i.queueId)?.name ?? null) : null,
      attached: attachedData(i),
      waitedMs: now - (i.queuedAt ?? i.createdAt),
      transfer: i.status === "active",
    };
  });
  return { offers, position: user.notifyPosition, sound: user.notifySound, desktop: user.notifyDesktop };
}

export function workView(deps: ModelDeps, user: ConsoleUser): WorkItemView[] {
  const now = deps.clock.now();
  const queues = queueNames(deps);
  const reveal = revealer(deps, user);
  const settings = getSettings(deps.db);
  const { dispositions } = settings;
  const crm = isConfigured(settings.salesforce);
  const open = deps.routing.openWork(user.id).sort((a, b) => (a.acceptedAt ?? 0) - (b.acceptedAt ?? 0));
  const own = open.map((i): WorkItemView => {
    const wrapping = i.status === "wrap_up";
    return {
      id: i.id,
      channel: i.channel,
      status: wrapping ? "wrap_up" : "active",
      customerName: i.customerName,
      customerAddress: reveal(i.customerAddress),
      queueName: i.queueId ? (queues.get(i.queueId)?.name ?? null) : null,
      attached: attachedData(i),
      sinceMs: now - ((wrapping ? i.endedAt : i.acceptedAt) ?? now),
      transferRinging: Boolean(i.targetAgentId),
      salesforce: crm && i.direction !== "internal" && (i.channel === "voice" || i.channel === "chat"),
      rev: [i.status, i.queueId ?? "", i.targetAgentId ?? "", i.endedAt ?? ""].join(":"),
      wrapUp: wrapping ? { dispositions, mandatory: isWrapUpMandatory(queues, i.wrapUpViaQueueId) } : null,
    };
  });
  // The agent's parts of work they transferred on, each with its own form (decision 014).
  const parts = deps.routing.owedTransferWrapUps(user.id).map((part): WorkItemView => {
    const i = deps.routing.get(part.interactionId);
    return {
      id: part.id,
      channel: i.channel,
      status: "wrap_up",
      customerName: i.customerName,
      customerAddress: reveal(i.customerAddress),
      queueName: part.queueId ? (queues.get(part.queueId)?.name ?? null) : null,
      attached: attachedData(i),
      sinceMs: now - part.handedAt,
      transferRinging: false,
      handedTo: part.handedTo,
      rev: `part:${part.status}`,
      wrapUp: { dispositions, mandatory: isWrapUpMandatory(queues, part.queueId) },
    };
  });
  return [...own, ...parts];
}

/** Does the queue whose wrap-up applies require the form (FEATURES C9)? */
export function isWrapUpMandatory(queues: Map<string, Queue>, queueId: string | null): boolean {
  return Boolean(queueId && queues.get(queueId)?.wrapUpMandatory);
}

export function queueNames(deps: Pick<AppDeps, "db">): Map<string, Queue> {
  return new Map(listQueues(deps.db).map((q) => [q.id, q]));
}

export function revealer(deps: Pick<AppDeps, "db">, user: ConsoleUser): (address: string) => string {
  if (!user.maskSensitive) return (address) => address;
  const keep = getSettings(deps.db).maskDigits;
  return (address) => maskAddress(address, keep);
}

function attachedData(i: Interaction): AttachedData {
  try {
    const data: unknown = JSON.parse(i.attachedData);
    if (!data || typeof data !== "object" || Array.isArray(data)) return [];
    return Object.entries(data).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
  } catch {
    return [];
  }
}
