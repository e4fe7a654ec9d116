import { and, asc, eq, gt, sql } from "drizzle-orm";
import { getUser } from "../auth/index.ts";
import { preparedQuery, transaction, type Db, type Tx } from "../db/index.ts";
import type { Routing } from "../routing/index.ts";
import { type Clock, Conflict, Forbidden, FormReader, newId } from "../shared/index.ts";
import { conversationOfInteraction, conversationPhase, type Conversation } from "./conversation.ts";
import { chatAttachments, chatMessages, conversations, type SenderKind } from "./conversation-schema.ts";
import type { ChatBus } from "./events.ts";

export const MESSAGE_MAX = 2000;
/** Shown to visitors when an agent has no alias: never the real name (W2). */
export const DEFAULT_ALIAS = "Agent";

export type ChatMessage = typeof chatMessages.$inferSelect;
/** `removed`: the file is past its retention; its name stays, its bytes are gone. */
export type AttachmentInfo = { id: string; name: string; mime: string; size: number; removed: boolean };
/** A message as both sides see it; `seq` numbers a conversation's messages 1, 2, 3… */
export type MessageView = {
  id: string;
  seq: number;
  from: SenderKind;
  alias: string | null;
  body: string;
  at: number;
  clientId: string | null;
  attachment: AttachmentInfo | null;
};
export type NewMessage = {
  senderKind: SenderKind;
  senderId?: string | null;
  agentAlias?: string | null;
  body: string;
  attachmentId?: string | null;
  clientId?: string | null;
};
type ChatDeps = { db: Db; bus: ChatBus; clock: Clock };

/** The send form: 1–2000 characters and an optional client message id for safe retries. */
export function readMessageInput(data: Record<string, unknown>): { body: string; clientId: string | null } {
  const form = new FormReader(data);
  const body = form.text("body", { label: "Message", required: true, max: MESSAGE_MAX });
  const clientId = readClientId(form);
  form.done();
  return { body, clientId };
}

export function readClientId(form: FormReader): string | null {
  const id = form.text("clientId", { label: "Client message id", max: 64, pattern: /^[\w-]+$/ });
  return id || null;
}

/**
 * Appends a message inside the caller's transaction. A client id seen before returns the stored message
 * instead (`created` false), so a retry after a lost response never duplicates.
 */
export function appendMessage(tx: Tx, conversationId: string, m: NewMessage, now: number): { message: ChatMessage; created: boolean } {
  if (m.clientId) {
    const known = tx
      .select()
      .from(chatMessages)
      .where(and(eq(chatMessages.conversationId, conversationId), eq(chatMessages.clientId, m.clientId)))
      .get();
    if (known) return { message: known, created: false };
  }
  const { seq } = tx
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1` })
    .where(eq(conversations.id, conversationId))
    .returning({ seq: conversations.lastSeq })
    .get();
  const message = tx
    .insert(chatMessages)
    .values({
      id: newId(),
      conversationId,
      seq,
      senderKind: m.senderKind,
      senderId: m.senderId ?? null,
      agentAlias: m.agentAlias ?? null,
      body: m.body,
      attachmentId: m.attachmentId ?? null,
      clientId: m.clientId ?? null,
      createdAt: now,
    })
    .returning()
    .get();
  return { message, created: true };
}

/** Commits a message, then announces it with `chat_message.created` (only when new). */
export function commitMessage(deps: ChatDeps, c: Conversation, m: NewMessage): ChatMessage {
  const { message, created } = transaction(deps.db, (tx) => appendMessage(tx, c.id, m, deps.clock.now()));
  if (created) publishMessage(deps.bus, c, message);
  return message;
}

export function publishMessage(bus: ChatBus, c: Conversation, message: ChatMessage): void {
  bus.publish("chat_message.created", {
    conversationId: c.id,
    interactionId: c.interactionId,
    messageId: message.id,
    seq: message.seq,
    senderKind: message.senderKind,
    at: message.createdAt,
  });
}

export function requireOpen(db: Db, c: Conversation): void {
  const phase = conversationPhase(db, c);
  if (phase === "ended" || phase === "offline") throw new Conflict("This chat has ended.");
}

/** The visitor writes (W2); acknowledged only after the commit. */
export function postVisitorMessage(deps: ChatDeps, c: Conversation, data: Record<string, unknown>): ChatMessage {
  const input = readMessageInput(data);
  requireOpen(deps.db, c);
  return commitMessage(deps, c, { senderKind: "visitor", ...input });
}

/** The agent handling the chat answers; the visitor sees the agent's alias only. */
export function postAgentMessage(
  deps: ChatDeps & { routing: Routing },
  interactionId: string,
  agentId: string,
  data: Record<string, unknown>,
): ChatMessage {
  const input = readMessageInput(data);
  const c = agentConversation(deps, interactionId, agentId);
  return commitMessage(deps, c, { senderKind: "agent", senderId: agentId, agentAlias: aliasOf(deps.db, agentId), ...input });
}

/**
 * The conversation of a chat interaction of this agent, or Forbidden/Conflict. By default it must be in
 * progress (to write in it); `{ open: false }` also accepts one the agent has ended (transcript, history).
 */
export function agentConversation(
  deps: { db: Db; routing: Routing },
  interactionId: string,
  agentId: string,
  opts: { open: boolean } = { open: true },
): Conversation {
  const i = deps.routing.get(interactionId);
  const c = conversationOfInteraction(deps.db, interactionId);
  if (!c || i.channel !== "chat") throw new Conflict("This interaction is not a web chat.");
  if (i.agentId !== agentId) throw new Forbidden("This chat belongs to another agent.");
  if (opts.open && i.status !== "active") throw new Conflict("This chat has ended.");
  return c;
}

/** The agent is typing: the visitor sees "<alias> is typing…" for a few seconds (the console throttles it). */
export function signalAgentTyping(deps: ChatDeps & { routing: Routing }, interactionId: string, agentId: string): void {
  const c = agentConversation(deps, interactionId, agentId);
  deps.bus.publish("conversation.typed", {
    conversationId: c.id,
    interactionId,
    by: "agent",
    alias: aliasOf(deps.db, agentId),
    at: deps.clock.now(),
  });
}

export function aliasOf(db: Db, userId: string): string {
  return getUser(db, userId).alias.trim() || DEFAULT_ALIAS;
}

/** Messages after a sequence number, oldest first, with their attachment's details (not its bytes). */
export function messagesAfter(db: Db, conversationId: string, afterSeq = 0, limit = 1000): MessageView[] {
  return messageRows(db, conversationId, afterSeq, limit).map(({ m, a }) => toView(m, a?.id ? a : null));
}

/** A message as the agent console shows it: also who sent it (a user id the visitor never sees). */
export type AgentMessageView = MessageView & { senderId: string | null };

/** Messages for the agent console (which of them are the viewer's own), oldest first. */
export function messagesForAgent(db: Db, conversationId: string, afterSeq = 0, limit = 1000): AgentMessageView[] {
  return messageRows(db, conversationId, afterSeq, limit).map(({ m, a }) => ({ ...toView(m, a?.id ? a : null), senderId: m.senderId }));
}

// Run for every message pushed to either side: built once (see preparedQuery).
const messageQuery = preparedQuery((db) =>
  db
    .select({
      m: chatMessages,
      a: { id: chatAttachments.id, name: chatAttachments.fileName, mime: chatAttachments.mime, size: chatAttachments.size },
    })
    .from(chatMessages)
    .leftJoin(chatAttachments, eq(chatAttachments.id, chatMessages.attachmentId))
    .where(and(eq(chatMessages.conversationId, sql.placeholder("conversationId")), gt(chatMessages.seq, sql.placeholder("afterSeq"))))
    .orderBy(asc(chatMessages.seq))
    .limit(sql.placeholder("limit"))
    .prepare(),
);

function messageRows(db: Db, conversationId: string, afterSeq: number, limit: number) {
  return messageQuery(db).all({ conversationId, afterSeq, limit });
}

export function messageView(db: Db, message: ChatMessage): MessageView {
  return messagesAfter(db, message.conversationId, message.seq - 1, 1)[0] ?? toView(message, null);
}

function toView(m: ChatMessage, a: Omit<AttachmentInfo, "removed"> | null): MessageView {
  return {
    id: m.id,
    seq: m.seq,
    from: m.senderKind,
    alias: m.senderKind === "agent" ? (m.agentAlias ?? DEFAULT_ALIAS) : null,
    body: m.body,
    at: m.createdAt,
    clientId: m.clientId,
    attachment: a ? { ...a, removed: a.size === 0 } : null,
  };
}
