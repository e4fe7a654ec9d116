import { and, eq, gt, inArray, isNotNull, isNull } from "drizzle-orm";
import { type Conversation, createConversation, readPreChat } from "../chat/index.ts";
import { conversations, interactions } from "./read-model.ts";
import type { Db, Tx } from "../db/index.ts";
import { Conflict, NotFound, type EventBus } from "../shared/index.ts";
import { listDepartments } from "./departments.ts";
import { widgetInvites } from "./invite-schema.ts";
import { INVITE_MESSAGES, type Invite, inviteByToken, inviteStatus } from "./invites.ts";
import type { PresenceEvents, PresenceService } from "../presence/index.ts";
import type { Routing, RoutingEvents } from "../routing/index.ts";

type Deps = { db: Db; routing: Routing; presence: PresenceService };

/** The invitation of a token that can still start a chat, or the reason it cannot. */
export function usableInvite(db: Db, token: string, now: number): Invite {
  const invite = inviteByToken(db, token);
  if (!invite) throw new NotFound(INVITE_MESSAGES.unknown);
  const status = inviteStatus(invite, now);
  if (status !== "ready") throw new Conflict(INVITE_MESSAGES[status]);
  if (!invite.queueId) throw new Conflict(INVITE_MESSAGES.department);
  return invite;
}

/**
 * The customer presses Start chat on an invitation link (W7): the link is used, and the conversation
 * opens with its chat queued in the invitation's department and offered first to the inviting agent
 * directly (even when Not Ready), all in one transaction. Returns the visitor token, as the pre-chat form does.
 */
export function startInvitedChat(deps: Deps, token: string, data: Record<string, unknown>, now: number) {
  const invite = usableInvite(deps.db, token, now);
  const queueId = invite.queueId as string;
  const input = readPreChat({ ...data, department: queueId }, [queueId]);
  const inviterIn = deps.presence.get(invite.agentId).state !== "logged_out";
  if (!inviterIn && !listDepartments(deps.db, now).find((d) => d.id === queueId)?.open)
    throw new Conflict("Nobody can take the chat right now. Please try again later; the link stays valid until it expires.");
  // Claimed inside the chat's own transaction: of two clicks at once, the second changes nothing and is refused.
  const claim = (tx: Tx, conversation: Conversation) => {
    const claimed = tx
      .update(widgetInvites)
      .set({ usedAt: now, conversationId: conversation.id })
      .where(and(eq(widgetInvites.id, invite.id), isNull(widgetInvites.usedAt), gt(widgetInvites.expiresAt, now)))
      .returning({ id: widgetInvites.id })
      .all();
    if (!claimed.length) throw new Conflict(INVITE_MESSAGES.used);
  };
  const targetAgentId = inviterIn ? invite.agentId : null;
  return createConversation(deps, input, now, { targetAgentId, subject: "Invited by link", alsoInTx: claim });
}

/** Invited chats still waiting for their inviter (the engine offers a direct chat to nobody else). */
const waitingForInviter = (db: Db, agentId: string) =>
  and(
    eq(interactions.status, "queued"),
    eq(interactions.targetAgentId, agentId),
    isNotNull(interactions.queueId),
    inArray(
      interactions.id,
      db
        .select({ id: conversations.interactionId })
        .from(conversations)
        .innerJoin(widgetInvites, eq(widgetInvites.conversationId, conversations.id)),
    ),
  );

/**
 * When the inviter declines, lets it ring out, or signs out, the invited chat stays in its department's
 * queue for the other agents there: the routing engine has no fallback from a direct target to the queue.
 * `offer.closed` is published before routing looks at the declined interaction, so it sees a queue chat.
 */
export function attachInviteFallback(deps: { db: Db; bus: EventBus<RoutingEvents & PresenceEvents>; routing: Routing }): () => void {
  const release = (agentId: string, interactionId?: string) => {
    const where = waitingForInviter(deps.db, agentId);
    const rows = deps.db
      .update(interactions)
      .set({ targetAgentId: null })
      .where(interactionId ? and(where, eq(interactions.id, interactionId)) : where)
      .returning({ id: interactions.id })
      .all();
    return rows.length > 0;
  };
  const offs = [
    deps.bus.subscribe("offer.closed", (p) => {
      if (p.status === "rejected" || p.status === "timeout") release(p.agentId, p.interactionId);
    }),
    deps.bus.subscribe("agent.state_changed", (p) => {
      if (p.to === "logged_out" && release(p.userId)) deps.routing.dispatcher.dispatch();
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
