import { and, eq } from "drizzle-orm";
import { conversationPhase, getConversation, leaveConversation } from "../chat/index.ts";
import { conversations, interactions } from "./read-model.ts";
import type { TimerHandle, SseHub, Logger, Clock } from "../shared/index.ts";
import { visitorTopic } from "./live.ts";
import type { Db } from "../db/index.ts";
import type { Routing } from "../routing/index.ts";

/** A waiting visitor whose widget has had no event stream open this long has left (W8): the request is abandoned. */
export const VISITOR_GONE_MS = 3 * 60_000;

type Deps = { db: Db; hub: SseHub; clock: Clock; routing: Routing; log: Logger };

export type WaitingVisitors = ReturnType<typeof watchWaitingVisitors>;

/**
 * Notices visitors who close the page while waiting without pressing End chat. The widget keeps its event
 * stream open, so "no stream for VISITOR_GONE_MS" means gone; a reload or a short drop reconnects well before.
 * `seen(id)` is called when a stream opens or closes; at start (after a restart) every waiting chat gets the full grace.
 */
export function watchWaitingVisitors(deps: Deps) {
  const lastSeen = new Map<string, number>();
  const timers = new Set<TimerHandle>();

  const check = (conversationId: string) => {
    try {
      const since = lastSeen.get(conversationId);
      // Seen again meanwhile: the timer set then will look.
      if (since === undefined || deps.clock.now() - since < VISITOR_GONE_MS) return;
      lastSeen.delete(conversationId);
      if (deps.hub.count(visitorTopic(conversationId)) > 0) return;
      const c = getConversation(deps.db, conversationId);
      if (conversationPhase(deps.db, c) === "waiting") leaveConversation(deps, c, deps.clock.now());
    } catch (err) {
      deps.log.warn("waiting visitor check failed", { err, conversationId });
    }
  };

  const seen = (conversationId: string) => {
    lastSeen.set(conversationId, deps.clock.now());
    const timer = deps.clock.setTimeout(() => {
      timers.delete(timer);
      check(conversationId);
    }, VISITOR_GONE_MS);
    timers.add(timer);
  };

  return {
    seen,
    start() {
      const waiting = deps.db
        .select({ id: conversations.id })
        .from(conversations)
        .innerJoin(interactions, eq(interactions.id, conversations.interactionId))
        .where(and(eq(conversations.status, "open"), eq(interactions.status, "queued")))
        .all();
      for (const { id } of waiting) seen(id);
    },
    stop() {
      for (const timer of timers) deps.clock.clearTimeout(timer);
      timers.clear();
    },
  };
}
