import { and, eq, sql } from "drizzle-orm";
import { preparedQuery, type Db, type Tx } from "../db/index.ts";
import { interactionProgress, type Routing } from "../routing/index.ts";
import { Conflict, Forbidden, FormReader, NotFound, newId, randomToken, safeEqual, sha256Hex, ValidationError } from "../shared/index.ts";
import { getSettings, namedAttachedData } from "../settings/index.ts";
import { conversations } from "./conversation-schema.ts";

export type Conversation = typeof conversations.$inferSelect;
/** What the visitor sees: waiting in the queue, talking to an agent, over; or an offline message (W9). */
export type ConversationPhase = "waiting" | "active" | "ended" | "offline";

export const VISITOR_LIMITS = { name: 80, contextKeys: 10, contextKey: 40, contextValue: 200 } as const;

export type PreChatInput = { name: string; email: string; queueId: string; context: Record<string, string> };

/** Reads the pre-chat form (name, email, department, host-page context), throwing ValidationError per field. */
export function readPreChat(data: Record<string, unknown>, departmentIds: readonly string[]): PreChatInput {
  const form = new FormReader(data);
  const name = form.text("name", { label: "Name", required: true, max: VISITOR_LIMITS.name });
  const email = form.email("email", "Email", true);
  const queueId = form.oneOf("department", "Department", departmentIds.length ? departmentIds : [""]);
  if (!departmentIds.length) form.fail("department", "No department takes chats right now");
  const context = readContext(data.context, form);
  form.done();
  return { name, email, queueId, context };
}

/** Context fields from the host page's JS API: at most 10 short keys with text values of 200 characters. */
export function readContext(raw: unknown, form: FormReader): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) {
    form.fail("context", "Context must be an object of names and values");
    return {};
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  const { contextKeys, contextKey, contextValue } = VISITOR_LIMITS;
  if (entries.length > contextKeys) form.fail("context", `Context: at most ${contextKeys} fields`);
  const out: Record<string, string> = {};
  for (const [key, value] of entries.slice(0, contextKeys)) {
    if (!/^[\p{L}\p{N} _.-]+$/u.test(key) || key.length > contextKey)
      form.fail("context", `Context field names are letters, digits, space, _ . - (at most ${contextKey})`);
    else if (typeof value !== "string" || value.length > contextValue || /[\u0000-\u001f\u007f]/.test(value))
      form.fail("context", `Context field ${key} must be one line of text of at most ${contextValue} characters`);
    else out[key] = value;
  }
  return out;
}

/** How a conversation starts other than from the pre-chat form (an agent's invitation link, W7). */
export type StartOptions = {
  /** Offered to this agent first: a direct interaction that still belongs to the department. */
  targetAgentId?: string | null;
  subject?: string;
  /** Runs in the same transaction once the conversation row is written; throwing undoes everything. */
  alsoInTx?: (tx: Tx, conversation: Conversation) => void;
};

/**
 * Opens a conversation and queues its chat interaction in one transaction (W1). Returns the visitor's
 * token: a random secret shown once; only its SHA-256 is stored, bound to this one conversation.
 */
export function createConversation(deps: { db: Db; routing: Routing }, input: PreChatInput, now: number, options: StartOptions = {}) {
  const token = randomToken();
  const id = newId();
  let conversation: Conversation | undefined;
  // The conversation row is written in the interaction's own transaction, before anything is offered.
  const { targetAgentId = null, subject } = options;
  deps.routing.enqueue(
    {
      channel: "chat",
      queueId: input.queueId,
      targetAgentId,
      subject,
      customerName: input.name,
      customerAddress: input.email,
      // The agent sees the configured fields the context filled; the whole context stays on the conversation.
      attachedData: namedAttachedData(getSettings(deps.db).attachedFields, input.context),
    },
    (tx, interaction) => {
      conversation = tx
        .insert(conversations)
        .values({
          id,
          tokenHash: sha256Hex(token),
          visitorName: input.name,
          visitorEmail: input.email,
          queueId: input.queueId,
          context: JSON.stringify(input.context),
          status: "open",
          createdAt: now,
          interactionId: interaction.id,
        })
        .returning()
        .get();
      options.alsoInTx?.(tx, conversation);
    },
  );
  if (!conversation) throw new Error("conversation not stored");
  return { conversation, token };
}

// Read on every chat message: built once (see preparedQuery).
const byId = preparedQuery((db) =>
  db
    .select()
    .from(conversations)
    .where(eq(conversations.id, sql.placeholder("id")))
    .prepare(),
);
const byInteraction = preparedQuery((db) =>
  db
    .select()
    .from(conversations)
    .where(eq(conversations.interactionId, sql.placeholder("id")))
    .prepare(),
);

export function getConversation(db: Db, id: string): Conversation {
  const row = byId(db).get({ id });
  if (!row) throw new NotFound("No such chat.");
  return row;
}

export function conversationOfInteraction(db: Db, interactionId: string): Conversation | null {
  return byInteraction(db).get({ id: interactionId }) ?? null;
}

/** The conversation, only for the holder of its token (the same refusal whether it exists or not). */
export function visitorConversation(db: Db, id: string, token: string | null | undefined): Conversation {
  const row = /^[\w-]{1,64}$/.test(id) ? byId(db).get({ id }) : undefined;
  if (!row || !token || !safeEqual(sha256Hex(token), row.tokenHash)) throw new Forbidden("This chat is not yours, or it has expired.");
  return row;
}

export function conversationPhase(db: Db, c: Conversation): ConversationPhase {
  if (c.status === "offline") return "offline";
  if (c.status === "ended" || !c.interactionId) return "ended";
  const i = interactionProgress(db, c.interactionId);
  if (!i || i.status === "ended" || i.status === "wrap_up") return "ended";
  return i.status === "queued" ? "waiting" : "active";
}

/** Whether an agent ever took the chat: one that ended before (abandoned, no answer) has nothing to rate. */
export function wasAnswered(db: Db, c: Conversation): boolean {
  return Boolean(c.interactionId && interactionProgress(db, c.interactionId)?.acceptedAt);
}

/** Marks the conversation over (idempotent); true when this call ended it. */
export function markEnded(db: Db, conversationId: string, now: number): boolean {
  const changed = db
    .update(conversations)
    .set({ status: "ended", endedAt: now })
    .where(and(eq(conversations.id, conversationId), eq(conversations.status, "open")))
    .returning({ status: conversations.status })
    .all();
  return changed.length > 0;
}

/**
 * The visitor leaves (W8): before an agent accepted, the request ends as *abandoned*;
 * afterwards the agent's session ends as *customer-left*.
 */
export function leaveConversation(deps: { db: Db; routing: Routing }, c: Conversation, now: number): void {
  if (c.interactionId && conversationPhase(deps.db, c) !== "ended") deps.routing.abandon(c.interactionId);
  if (c.status === "open") markEnded(deps.db, c.id, now);
}

/** Satisfaction rating 1–5 with an optional comment (W9), once, after the chat. */
export function rateConversation(db: Db, c: Conversation, data: Record<string, unknown>, now: number): Conversation {
  const form = new FormReader(data);
  const rating = form.int("rating", { label: "Rating", min: 1, max: 5 });
  const comment = form.text("comment", { label: "Comment", max: 1000 });
  form.done();
  if (c.status === "offline") throw new ValidationError("An offline message cannot be rated.");
  if (conversationPhase(db, c) !== "ended") throw new Conflict("The chat can be rated once it has ended.");
  if (c.ratedAt !== null) throw new Conflict("This chat has already been rated. Thank you!");
  if (!wasAnswered(db, c)) throw new ValidationError("No agent answered this chat, so there is nothing to rate.");
  return db.update(conversations).set({ rating, comment, ratedAt: now }).where(eq(conversations.id, c.id)).returning().get();
}
