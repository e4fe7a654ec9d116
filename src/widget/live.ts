import { type ChatEvents, conversationOfInteraction, messagesAfter } from "../chat/index.ts";
import type { PresenceEvents } from "../presence/index.ts";
import { queuesOfUser, type RoutingEvents } from "../routing/index.ts";
import type { SseMessage, SseHub, EventBus, Clock } from "../shared/index.ts";
import { standings } from "./queue-position.ts";
import type { Db } from "../db/index.ts";

/** The topic a visitor's event stream listens to. */
export const visitorTopic = (conversationId: string) => `conversation:${conversationId}`;

export const jsonEvent = (event: string, data: unknown): SseMessage => ({ event, data: JSON.stringify(data) });

/** Routing events that can move visitors in a department's line. */
const QUEUE_EVENTS = [
  "interaction.queued",
  "queue.left",
  "interaction.transferred",
  "interaction.overflowed",
] as const satisfies readonly (keyof RoutingEvents)[];

/** The departments a line event may name, whichever it is. */
type LineChange = { interactionId: string; queueId?: string | null; fromQueueId?: string | null; toQueueId?: string };

/**
 * Pushes to each connected visitor (W1, W2): new messages, the agent joining (alias only), the agent typing,
 * the end, and their place in the line with the wait estimate whenever it changes. Returns a detach function.
 */
export function attachWidgetLive(deps: {
  db: Db;
  bus: EventBus<ChatEvents & RoutingEvents & PresenceEvents>;
  hub: SseHub;
  clock: Clock;
}): () => void {
  const { db, bus, hub } = deps;
  const listening = (id: string) => hub.count(visitorTopic(id)) > 0;
  const push = (id: string, message: () => SseMessage) => {
    if (listening(id)) hub.publish(visitorTopic(id), message());
  };
  const lastStanding = new Map<string, string>();

  const refreshLine = (queueId: string) => {
    for (const [conversationId, s] of standings(db, queueId, deps.clock.now())) {
      const key = `${s.position}/${s.estimateS}/${s.busy}`;
      if (!listening(conversationId) || lastStanding.get(conversationId) === key) continue;
      lastStanding.set(conversationId, key);
      hub.publish(visitorTopic(conversationId), jsonEvent("queue", s));
    }
  };

  const offs = [
    bus.subscribe("chat_message.created", ({ conversationId, seq }) => {
      push(conversationId, () => jsonEvent("message", messagesAfter(db, conversationId, seq - 1, 1)[0]));
    }),
    bus.subscribe("conversation.agent_joined", (p) => {
      lastStanding.delete(p.conversationId);
      push(p.conversationId, () => jsonEvent("agent", { alias: p.alias }));
    }),
    bus.subscribe("conversation.typed", (p) => {
      if (p.by === "agent") push(p.conversationId, () => jsonEvent("typing", { alias: p.alias ?? "" }));
    }),
    bus.subscribe("conversation.ended", (p) => {
      lastStanding.delete(p.conversationId);
      push(p.conversationId, () => jsonEvent("ended", { reason: p.reason }));
    }),
    // Agents coming and going change whether anyone can answer, and so the estimate.
    bus.subscribe("agent.state_changed", (p) => {
      for (const q of queuesOfUser(db, p.userId)) if (q.channel === "chat") refreshLine(q.id);
    }),
    ...QUEUE_EVENTS.map((name) =>
      bus.subscribe(name, (p: LineChange) => {
        const named = [p.queueId, p.fromQueueId, p.toQueueId].filter((id): id is string => !!id);
        for (const queueId of new Set(named)) refreshLine(queueId);
        waitingAgain(p);
      }),
    ),
  ];

  /** Back in a line after a transfer to a department: the visitor sees "waiting" again. */
  const waitingAgain = (p: LineChange) => {
    const c = p.toQueueId && p.interactionId ? conversationOfInteraction(db, p.interactionId) : null;
    if (c) push(c.id, () => jsonEvent("waiting", {}));
  };

  return () => {
    for (const off of offs) off();
  };
}
