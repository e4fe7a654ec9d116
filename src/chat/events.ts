import type { RoutingEvents } from "../routing/index.ts";
import type { EventBus } from "../shared/index.ts";
import type { SenderKind } from "./conversation-schema.ts";
import type { InternalMessage } from "./internal.ts";

type InConversation = { conversationId: string; interactionId: string | null; at: number };

/** The events of web chats and of the internal chat between colleagues, by name, with their payloads. */
export type ChatEvents = {
  /** A message is on disk in a web chat. */
  "chat_message.created": InConversation & { messageId: string; seq: number; senderKind: SenderKind };
  /** The agent (with their alias) or the visitor is typing. */
  "conversation.typed": InConversation & { by: "agent" | "visitor"; alias?: string };
  /** An agent took the chat; the visitor sees their alias. */
  "conversation.agent_joined": InConversation & { alias: string };
  /** The web chat ended, with the interaction's reason. */
  "conversation.ended": InConversation & { reason: string };
  /** A message to a colleague is on disk. */
  "internal_message.created": InternalMessage;
  /** A user read the messages a colleague sent them. */
  "internal_message.read": { readerId: string; peerId: string; count: number; at: number };
};

/** The bus as chat sees it: its own events and routing's, which keep a web chat in step with its interaction. */
export type ChatBus = EventBus<ChatEvents & RoutingEvents>;
