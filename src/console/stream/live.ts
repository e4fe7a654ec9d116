import { getUser, hasSession, onSessionsEnded } from "../../auth/index.ts";
import { CALL_NOTICE } from "../../calls/index.ts";
import type { AppDeps } from "../../deps.ts";
import { storedState } from "../../presence/index.ts";
import { offeredAgents } from "../../routing/index.ts";
import type { SseMessage } from "../../shared/index.ts";
import { flashEvent, offersEvent, recentCallsEvent, stateEvent, workEvent } from "../fragments.tsx";

type Payload = Record<string, unknown>;
const PEOPLE = ["agentId", "fromAgentId", "toAgentId", "transferFrom"] as const;
const text = (v: unknown) => (typeof v === "string" ? v : "");

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

  const onInteraction = (name: string, p: Payload) => {
    for (const id of new Set(PEOPLE.map((k) => text(p[k])).filter(Boolean))) pushWork(id);
    // A call that ends joins the agent's recent calls (FEATURES V3: call back from there).
    if (name === "interaction.ended" && p.channel === "voice" && p.agentId)
      push(text(p.agentId), () => recentCallsEvent(deps, getUser(deps.db, text(p.agentId))));
    // Accepting silently cancels the offers ringing elsewhere (ring-all, transfers).
    if (name === "interaction.accepted") for (const id of offerHolders(deps, text(p.interactionId))) pushOffers(id);
    if (name === "interaction.accepted" && p.transferFrom) push(text(p.transferFrom), () => flashEvent("Transfer successful", "ok"));
    if (name === "interaction.transferred") push(text(p.fromAgentId), () => flashEvent("Transfer successful", "ok"));
    if (name === "interaction.transfer_failed")
      push(text(p.fromAgentId), () => flashEvent(`The transfer failed: ${text(p.reason) || "not accepted"}.`, "error"));
  };

  const offs = [
    deps.bus.subscribe("agent.state_changed", (p) => push(text(p.userId), () => stateEvent(deps, text(p.userId)))),
    deps.bus.subscribe("offer.created", (p) => pushOffers(text(p.agentId))),
    deps.bus.subscribe("offer.closed", (p) => pushOffers(text(p.agentId))),
    deps.bus.subscribe("*", (p) => {
      const name = text(p.event);
      if (name.startsWith("interaction.")) onInteraction(name, p);
    }),
    deps.bus.subscribe("user.signed_out", (p) => signOutOfQueues(deps, text(p.userId))),
    // Disabled, locked or deleted (every session ended by an admin): out of the queues now, not after the sweep.
    onSessionsEnded(deps.db, (ended) => {
      for (const userId of new Set(ended.map((s) => s.userId))) if (!hasSession(deps.db, userId)) signOutOfQueues(deps, userId);
    }),
    ...[CALL_NOTICE, "agent.notice"].map((name) =>
      deps.bus.subscribe(name, (p) => push(text(p.agentId), () => flashEvent(text(p.message), p.kind === "ok" ? "ok" : "error"))),
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
