import type { Channel } from "./schema.ts";

type Moment = { interactionId: string; at: number };

/** The events routing publishes, by name, with their payloads. */
export type RoutingEvents = {
  /** Work entered a department's line. */
  "interaction.queued": Moment & { queueId: string | null; channel: Channel };
  /** An agent started work of their own (a call they dial): theirs at once, no queue. */
  "interaction.started": Moment & { agentId: string; channel: Channel };
  /** An agent took an offer; `transferFrom` is the agent who handed it over, if any. */
  "interaction.accepted": Moment & { agentId: string; offerId: string; waitedMs: number; channel: Channel; transferFrom: string | null };
  /** Work ended, handled (`agentId`) or not (null); `wrapUp` when the agent now owes a wrap-up form. */
  "interaction.ended": Moment & { agentId: string | null; reason: string; wrapUp: boolean; channel: Channel };
  /** A wrap-up form was saved, or closed without a disposition by a supervisor (`endedBySupervisor`). */
  "interaction.wrapped_up": Moment & {
    agentId: string;
    disposition: string | null;
    notes?: string;
    transferredPart?: boolean;
    endedBySupervisor?: true;
  };
  /** An agent put the work back in a department's line. */
  "interaction.transferred": Moment & { fromAgentId: string; toQueueId: string; fromQueueId: string | null };
  /** An agent offered the work to a colleague; it stays theirs until the colleague accepts. */
  "interaction.transfer_requested": Moment & { fromAgentId: string; toAgentId: string };
  /** The transfer to a colleague did not happen; `reason` is shown to the sender. */
  "interaction.transfer_failed": Moment & { fromAgentId: string | null; toAgentId: string; reason: string };
  /** Work waited its department's maximum and moved to the overflow department. */
  "interaction.overflowed": Moment & { fromQueueId: string; toQueueId: string };
  /** Work left a department's line (taken, timed out, abandoned, transferred away). */
  "queue.left": Moment & {
    queueId: string | null;
    reason: "accepted" | "timeout" | "abandoned" | "transferred";
    waitedMs: number;
    channel: Channel;
  };
  /** An agent's phone or console rings with work. */
  "offer.created": Moment & { offerId: string; agentId: string; expiresAt: number };
  /** An offer stopped ringing without being taken; `queueId` is the department it rang for, when it was queued. */
  "offer.closed": Moment & { offerId: string; agentId: string; queueId?: string | null; status: "rejected" | "timeout" | "cancelled" };
};
