// Named "-live.tsx" beside the routes because it renders views, which only route-level files may do.
import { ChatControls } from "../../../views/console/chat-controls.tsx";
import { ChatLines, TypingIndicator } from "../../../views/console/chat-panel.tsx";
import { getUser } from "../../auth/index.ts";
import { type Conversation, conversationOfInteraction } from "../../chat/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { Interaction } from "../../routing/index.ts";
import type { SseMessage } from "../../shared/index.ts";
import { chatLines, controlsView, type Viewer } from "./model.ts";

type LiveDeps = Pick<AppDeps, "db" | "bus" | "hub" | "routing">;

/** The push names of one chat panel (views/console/chat-panel.tsx listens to them). */
export const chatEvents = (interactionId: string) => ({
  messages: `chat-${interactionId}`,
  typing: `chat-typing-${interactionId}`,
  controls: `chat-controls-${interactionId}`,
});

type Handled = { i: Interaction; c: Conversation; agentId: string };

/** The interaction of a web chat and the agent handling it, or null (queued, offline message, gone). */
function handled(deps: LiveDeps, { interactionId }: { interactionId: string | null }): Handled | null {
  const c = interactionId ? conversationOfInteraction(deps.db, interactionId) : null;
  if (!c || !interactionId) return null;
  const i = deps.routing.get(interactionId);
  return i.agentId && i.channel === "chat" ? { i, c, agentId: i.agentId } : null;
}

function endedControls(deps: LiveDeps, i: Interaction, c: Conversation, agentId: string): SseMessage {
  const view = { ...controlsView(deps, i, c, agentId), open: false };
  return { event: chatEvents(i.id).controls, data: String(<ChatControls view={view} csrf={null} />) };
}

/**
 * Keeps the chat panels of the handling agent current: each new message (the page keeps it once, by
 * sequence number), the visitor typing, and the end. Pushed to `user:<agentId>` only when that agent
 * has a page open. Returns a detach function.
 */
export function attachChatLive(deps: LiveDeps): () => void {
  const push = (agentId: string, render: () => SseMessage) => {
    const topic = `user:${agentId}`;
    if (deps.hub.count(topic) > 0) deps.hub.publish(topic, render());
  };
  const offs = [
    deps.bus.subscribe("chat_message.created", (p) => {
      const h = handled(deps, p);
      if (!h) return;
      const { seq } = p;
      push(h.agentId, () => {
        const viewer: Viewer = getUser(deps.db, h.agentId);
        return { event: chatEvents(h.i.id).messages, data: String(<ChatLines lines={chatLines(deps, h.i, h.c, viewer, seq - 1, 1)} />) };
      });
    }),
    deps.bus.subscribe("conversation.typed", (p) => {
      const h = p.by === "visitor" ? handled(deps, p) : null;
      if (h) push(h.agentId, () => ({ event: chatEvents(h.i.id).typing, data: String(<TypingIndicator name={h.c.visitorName} />) }));
    }),
    deps.bus.subscribe("conversation.ended", (p) => {
      const h = handled(deps, p);
      if (h) push(h.agentId, () => endedControls(deps, h.i, h.c, h.agentId));
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/**
 * On every (re)connect: each open chat's whole log (the page drops what it already shows) and, for a chat
 * that ended meanwhile, its ended controls; a chat still on keeps its controls and the draft in them (C6).
 */
export function chatSnapshot(deps: LiveDeps, user: Viewer): SseMessage[] {
  const out: SseMessage[] = [];
  for (const i of deps.routing.openWork(user.id)) {
    const c = i.channel === "chat" ? conversationOfInteraction(deps.db, i.id) : null;
    if (!c) continue;
    out.push({ event: chatEvents(i.id).messages, data: String(<ChatLines lines={chatLines(deps, i, c, user)} />) });
    if (i.status !== "active") out.push(endedControls(deps, i, c, user.id));
  }
  return out;
}
