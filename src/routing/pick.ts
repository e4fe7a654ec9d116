import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { Conflict, Forbidden, newId } from "../shared/index.ts";
import { canTake, channelPermissionLabel, loadAgentPool } from "./agent-pool.ts";
import type { Interaction, Offer, Queue } from "./engine.ts";
import { interactions, offers } from "./interactions-schema.ts";
import { queueMembers, queues } from "./schema.ts";
import { findQueue, getInteraction, type RoutingContext } from "./routing-context.ts";

/**
 * An agent takes waiting work of a pick department from the list (issue 15, "Start session"). The checks and
 * the accepted offer run without a pause in between, so of two agents pressing at once the second finds the
 * work no longer queued and is told so. The take is an offer made and accepted at once, so everything that
 * follows an accepted offer (the chat panel, events, reports) follows a pick too.
 */
export function pickInteraction(
  ctx: RoutingContext,
  interactionId: string,
  agentId: string,
  accept: (offerId: string, agentId: string) => Interaction,
): Interaction {
  const i = getInteraction(ctx, interactionId);
  const queue = i.queueId ? findQueue(ctx, i.queueId) : null;
  if (i.status !== "queued" || i.targetAgentId) throw new Conflict("Another agent already took this, or the customer left.");
  if (queue?.workMode !== "pick") throw new Conflict("This department offers its work to agents; it cannot be picked.");
  const agent = loadAgentPool(ctx.o.db, { queueIds: [queue.id], agentIds: [], dayStart: null }).get(agentId);
  if (!agent?.queues.has(queue.id)) throw new Forbidden("You are not a signed-in member of this department.");
  if (!agent.channels.has(i.channel)) throw new Forbidden(`Taking this work needs the ${channelPermissionLabel(i.channel)} permission.`);
  if (!canTake(agent, i.channel, false, ctx.o.maxOpen()))
    throw new Conflict("You cannot take work now: be Ready, with room for one more on this channel and no offer ringing.");
  const now = ctx.o.clock.now();
  const offer: Offer = {
    id: newId(),
    interactionId,
    agentId,
    status: "ringing",
    offeredAt: now,
    expiresAt: now,
    autoAnswerAt: null,
    closedAt: null,
  };
  ctx.o.db.insert(offers).values(offer).run();
  return accept(offer.id, agentId);
}

/** One piece of work waiting in a department the agent works in. */
export type WaitingItem = { interaction: Interaction; queue: Queue };

/** What waits in the agent's departments (both modes), oldest first; work rung to a named agent is not listed. */
export function waitingInQueuesOf(db: Db, userId: string): WaitingItem[] {
  return db
    .select({ interaction: interactions, queue: queues })
    .from(interactions)
    .innerJoin(queues, eq(queues.id, interactions.queueId))
    .innerJoin(queueMembers, and(eq(queueMembers.queueId, interactions.queueId), eq(queueMembers.userId, userId)))
    .where(and(eq(interactions.status, "queued"), isNull(interactions.targetAgentId)))
    .orderBy(asc(interactions.queuedAt))
    .limit(WAITING_LIST_MAX)
    .all();
}

/** The list shows at most this many rows, so a flood of waiting work cannot make every console push huge. */
export const WAITING_LIST_MAX = 100;
