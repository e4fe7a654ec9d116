import { transaction, type Tx } from "../db/index.ts";
import { newId, ValidationError } from "../shared/index.ts";
import type { Interaction } from "./engine.ts";
import { interactions } from "./interactions-schema.ts";
import { getInteraction, type RoutingContext, requireQueue } from "./routing-context.ts";
import { CHANNELS, type Channel } from "./schema.ts";

export type EnqueueInput = {
  channel: Channel;
  direction?: "inbound" | "outbound" | "internal";
  queueId?: string | null;
  targetAgentId?: string | null;
  priority?: number;
  customerName?: string;
  customerAddress?: string;
  subject?: string;
  attachedData?: Record<string, string>;
};

/** Work an agent starts themselves: no queue, no target, no priority, and the agent it belongs to. */
export type OwnWorkInput = Omit<EnqueueInput, "queueId" | "targetAgentId" | "priority"> & { agentId: string };

/** Who the work is for and what it is about, as the interaction row stores it. */
function customerFields(input: OwnWorkInput | EnqueueInput) {
  return {
    customerName: input.customerName ?? "",
    customerAddress: input.customerAddress ?? "",
    subject: input.subject ?? "",
    attachedData: JSON.stringify(input.attachedData ?? {}),
  };
}

/**
 * Queues new work and offers it. `alsoInTx` runs in the same transaction as the insert (a channel
 * stores its own row pointing at the interaction), so nothing is offered before both are committed.
 */
export function enqueue(ctx: RoutingContext, input: EnqueueInput, alsoInTx?: (tx: Tx, interaction: Interaction) => void): Interaction {
  const { db, bus, clock } = ctx.o;
  if (!CHANNELS.includes(input.channel)) throw new ValidationError("Unknown channel.");
  const queue = input.queueId ? requireQueue(ctx, input.queueId) : undefined;
  if (queue && queue.channel !== input.channel) throw new ValidationError(`The department ${queue.name} does not take ${input.channel}.`);
  if (!queue && !input.targetAgentId) throw new ValidationError("An interaction needs a department or an agent.");
  const now = clock.now();
  const row = transaction(db, (tx) => {
    const inserted = tx
      .insert(interactions)
      .values({
        id: newId(),
        channel: input.channel,
        direction: input.direction ?? "inbound",
        status: "queued",
        queueId: queue?.id ?? null,
        targetAgentId: input.targetAgentId ?? null,
        priority: input.priority ?? queue?.priority ?? 0,
        ...customerFields(input),
        createdAt: now,
        queuedAt: now,
      })
      .returning()
      .get();
    alsoInTx?.(tx, inserted);
    return inserted;
  });
  if (queue) ctx.dispatcher.armMaxWait(row, queue);
  bus.publish("interaction.queued", { interactionId: row.id, queueId: row.queueId, channel: row.channel, at: now });
  ctx.dispatcher.dispatch();
  return getInteraction(ctx, row.id);
}

/**
 * Work the agent starts themselves (an outside or internal call they dial): active and theirs at once, no
 * queue and no offer. The agent becomes Busy (or Pending Not Ready when they dial while Not Ready).
 */
export function startOwnWork(ctx: RoutingContext, input: OwnWorkInput): Interaction {
  const { db, bus, clock, presence } = ctx.o;
  const now = clock.now();
  const row = db
    .insert(interactions)
    .values({
      id: newId(),
      channel: input.channel,
      direction: input.direction ?? "outbound",
      status: "active",
      agentId: input.agentId,
      ...customerFields(input),
      createdAt: now,
      acceptedAt: now,
    })
    .returning()
    .get();
  presence.tryApply(input.agentId, { type: "work_started" });
  bus.publish("interaction.started", { interactionId: row.id, agentId: input.agentId, channel: row.channel, at: now });
  return row;
}
