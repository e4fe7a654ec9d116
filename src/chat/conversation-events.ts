import { eq } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { listQueues, type RoutingEvents } from "../routing/index.ts";
import type { Clock } from "../shared/index.ts";
import { type Conversation, conversationOfInteraction, markEnded } from "./conversation.ts";
import { conversations } from "./conversation-schema.ts";
import { aliasOf, commitMessage } from "./messages.ts";
import type { ChatBus } from "./events.ts";

type Deps = { db: Db; bus: ChatBus; clock: Clock };
type Followed = "interaction.accepted" | "interaction.transferred" | "interaction.ended";

/**
 * Keeps each web chat in step with its interaction: who joined (by alias), a transfer to an agent or a department,
 * and the end, each as a system message in the conversation (so a resumed widget and the transcript show it).
 * Publishes `conversation.agent_joined` and `conversation.ended`. Returns a detach function.
 */
export function attachConversationLog(deps: Deps): () => void {
  const { db, bus } = deps;
  const on = <K extends Followed>(event: K, fn: (c: Conversation, p: RoutingEvents[K]) => void) =>
    bus.subscribe(event, (p) => {
      const c = p.interactionId ? conversationOfInteraction(db, p.interactionId) : null;
      if (c && c.status === "open") fn(c, p);
    });

  const offs = [
    on("interaction.accepted", (c, p) => {
      const alias = aliasOf(db, p.agentId);
      db.update(conversations).set({ agentAlias: alias }).where(eq(conversations.id, c.id)).run();
      // A transfer between agents reads as one line for both sides: who has the chat now.
      const body = p.transferFrom ? `Transferred to ${alias}.` : `${alias} joined the chat.`;
      commitMessage(deps, c, { senderKind: "system", body });
      bus.publish("conversation.agent_joined", { conversationId: c.id, interactionId: c.interactionId, alias, at: deps.clock.now() });
    }),
    on("interaction.transferred", (c, p) => {
      db.update(conversations).set({ agentAlias: null }).where(eq(conversations.id, c.id)).run();
      commitMessage(deps, c, { senderKind: "system", body: `Transferred to ${departmentName(db, p.toQueueId)}. Please wait.` });
    }),
    on("interaction.ended", (c, p) => {
      const reason = p.reason;
      commitMessage(deps, c, { senderKind: "system", body: endNotice(c, reason) });
      if (markEnded(db, c.id, deps.clock.now()))
        bus.publish("conversation.ended", { conversationId: c.id, interactionId: c.interactionId, reason, at: deps.clock.now() });
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}

function departmentName(db: Db, queueId: string): string {
  const queue = listQueues(db, "chat").find((q) => q.id === queueId);
  return queue ? `the ${queue.name} department` : "another department";
}

function endNotice(c: Conversation, reason: string): string {
  // The visitor reads this line too, often after pressing End chat themselves: no "left" in the third person.
  if (reason === "abandoned") return "The chat ended before an agent answered.";
  if (reason === "customer-left") return `${c.visitorName} left the chat.`;
  if (reason === "completed") return `${c.agentAlias ?? "The agent"} ended the chat.`;
  if (reason.startsWith("overflow") || reason === "no-answer") return "Nobody could answer in time. Please try again later.";
  return "The chat has ended.";
}
