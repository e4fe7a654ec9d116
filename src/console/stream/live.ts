import { getUser, hasSession, onSessionsEnded } from "../../auth/index.ts";
import { CALL_NOTICE } from "../../calls/index.ts";
import type { AppDeps } from "../../deps.ts";
import { APP_EVENTS, type AppEvent } from "../../events.ts";
import { storedState } from "../../presence/index.ts";
import { listQueueMembers, offeredAgents } from "../../routing/index.ts";
import type { SseMessage } from "../../shared/index.ts";
import { flashEvent, offersEvent, recentCallsEvent, stateEvent, workEvent } from "../fragments.tsx";
import { waitingEvent } from "../work/waiting-list.tsx";

type InteractionEvent = Extract<AppEvent, `interaction.${string}`>;
/** Every interaction event of the catalogue: each can change the work list of the agents it names. */
const INTERACTION_EVENTS = APP_EVENTS.filter((name): name is InteractionEvent => name.startsWith("interaction."));

/** What the agent reads in a flash, from the call layer or another module. */
type Notice = { agentId: string; message: string; kind: "ok" | "error" };

/** The people an interaction event may name, whichever it is. */
type People = {
  interactionId: string;
  agentId?: string | null;
  fromAgentId?: string | null;
  toAgentId?: string;
  transferFrom?: string | null;
};

/**
 * Keeps every open console current (FEATURES C2–C4): on presence and routing events it renders the
 * affected agent's `state`, `offers` or `work` fragment and pushes it to `user:<id>`. Also signs an
 * agent out of the queues when they sign out of the web session. Returns a detach function.
 */
export function attachConsoleLive(deps: AppDeps): () => void {
  const push = (userId: string, render: () => SseMessage) => {
    const topic = `user:${userId}`;
    // Nobody is looking: skip the rendering; a page that connects later gets a snapshot.
    if (userId && deps.hub.count(topic) > 0) deps.hub.publish(topic, render());
  };
  const pushOffers = (userId: string) => push(userId, () => offersEvent(deps, getUser(deps.db, userId)));
  const pushWork = (userId: string) => push(userId, () => workEvent(deps, getUser(deps.db, userId)));

  // Work entering or leaving a department's line changes the waiting list of everyone who works there.
  const pushWaiting = (...queueIds: (string | null)[]) => {
    for (const queueId of new Set(queueIds)) {
      if (queueId) for (const m of listQueueMembers(deps.db, queueId)) push(m.userId, () => waitingEvent(deps, getUser(deps.db, m.userId)));
    }
  };

  const pushWorkOf = (p: People) => {
    const named = [p.agentId, p.fromAgentId, p.toAgentId, p.transferFrom];
    for (const id of new Set(named.filter((id): id is string => !!id))) pushWork(id);
  };

  const offs = [
    deps.bus.subscribe("agent.state_changed", (p) => push(p.userId, () => stateEvent(deps, p.userId))),
    deps.bus.subscribe("interaction.queued", (p) => pushWaiting(p.queueId)),
    deps.bus.subscribe("queue.left", (p) => pushWaiting(p.queueId)),
    deps.bus.subscribe("interaction.overflowed", (p) => pushWaiting(p.fromQueueId, p.toQueueId)),
    deps.bus.subscribe("interaction.transferred", (p) => pushWaiting(p.toQueueId)),
    deps.bus.subscribe("offer.created", (p) => pushOffers(p.agentId)),
    deps.bus.subscribe("offer.closed", (p) => pushOffers(p.agentId)),
    ...INTERACTION_EVENTS.map((name) => deps.bus.subscribe(name, (p: People) => pushWorkOf(p))),
    deps.bus.subscribe("interaction.ended", ({ agentId, channel }) => {
      // A call that ends joins the agent's recent calls (FEATURES V3: call back from there).
      if (channel === "voice" && agentId) push(agentId, () => recentCallsEvent(deps, getUser(deps.db, agentId)));
    }),
    deps.bus.subscribe("interaction.accepted", (p) => {
      // Accepting silently cancels the offers ringing elsewhere (ring-all, transfers).
      for (const id of offerHolders(deps, p.interactionId)) pushOffers(id);
      if (p.transferFrom) push(p.transferFrom, () => flashEvent("Transfer successful", "ok"));
    }),
    deps.bus.subscribe("interaction.transferred", (p) => push(p.fromAgentId, () => flashEvent("Transfer successful", "ok"))),
    deps.bus.subscribe("interaction.transfer_failed", (p) =>
      push(p.fromAgentId ?? "", () => flashEvent(`The transfer failed: ${p.reason || "not accepted"}.`, "error")),
    ),
    deps.bus.subscribe("user.signed_out", (p) => signOutOfQueues(deps, p.userId)),
    // Disabled, locked or deleted (every session ended by an admin): out of the queues now, not after the sweep.
    onSessionsEnded(deps.db, (ended) => {
      for (const userId of new Set(ended.map((s) => s.userId))) if (!hasSession(deps.db, userId)) signOutOfQueues(deps, userId);
    }),
    ...([CALL_NOTICE, "agent.notice"] as const).map((name) =>
      deps.bus.subscribe(name, (p: Notice) => push(p.agentId, () => flashEvent(p.message, p.kind))),
    ),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** Signing out of the web session signs out of the queues too, when that is allowed now (not with open work). */
function signOutOfQueues(deps: AppDeps, userId: string): void {
  const state = storedState(deps.db, userId);
  if (state && state !== "logged_out") deps.presence.tryApply(userId, { type: "logout" });
}

function offerHolders(deps: AppDeps, interactionId: string): string[] {
  return offeredAgents(deps.db, interactionId);
}
