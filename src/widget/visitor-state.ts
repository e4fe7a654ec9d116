import { type Conversation, conversationPhase, type ConversationPhase, wasAnswered } from "../chat/index.ts";
import type { Db } from "../db/index.ts";
import type { Routing } from "../routing/index.ts";
import { type QueueStanding, standings } from "./queue-position.ts";

/** What a (re)connecting widget needs to show the right view; `lastSeq` is the newest message number. */
export type VisitorState = {
  conversationId: string;
  phase: ConversationPhase;
  visitorName: string;
  alias: string | null;
  standing: QueueStanding | null;
  rated: boolean;
  /** An agent took the chat at some point: only then is there something to rate. */
  answered: boolean;
  lastSeq: number;
};

export function visitorState(deps: { db: Db; routing: Routing }, c: Conversation, now: number): VisitorState {
  const phase = conversationPhase(deps.db, c);
  const queueId = phase === "waiting" && c.interactionId ? deps.routing.get(c.interactionId).queueId : null;
  return {
    conversationId: c.id,
    phase,
    visitorName: c.visitorName,
    alias: phase === "active" ? (c.agentAlias ?? null) : null,
    standing: queueId ? (standings(deps.db, queueId, now).get(c.id) ?? null) : null,
    rated: c.ratedAt !== null,
    answered: wasAnswered(deps.db, c),
    lastSeq: c.lastSeq,
  };
}
