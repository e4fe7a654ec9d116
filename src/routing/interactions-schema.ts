import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema.ts";
import { CHANNELS, queues } from "./schema.ts";

export const DIRECTIONS = ["inbound", "outbound", "internal"] as const;
export const INTERACTION_STATUSES = ["queued", "active", "wrap_up", "ended"] as const;
export type InteractionStatus = (typeof INTERACTION_STATUSES)[number];

/** One unit of customer work (a call, chat, video session, email). */
export const interactions = sqliteTable(
  "interactions",
  {
    id: text("id").primaryKey(),
    channel: text("channel", { enum: CHANNELS }).notNull(),
    direction: text("direction", { enum: DIRECTIONS }).notNull(),
    status: text("status", { enum: INTERACTION_STATUSES }).notNull(),
    queueId: text("queue_id").references(() => queues.id, { onDelete: "set null" }),
    /** For direct interactions (extension calls, transfers to a named agent): who must get it. */
    targetAgentId: text("target_agent_id").references(() => users.id, { onDelete: "set null" }),
    agentId: text("agent_id").references(() => users.id, { onDelete: "set null" }),
    priority: integer("priority").notNull().default(0),
    customerName: text("customer_name").notNull().default(""),
    /** Phone number or email address. */
    customerAddress: text("customer_address").notNull().default(""),
    subject: text("subject").notNull().default(""),
    /** JSON object of attached-data variables (FEATURES A6, V6). */
    attachedData: text("attached_data").notNull().default("{}"),
    createdAt: integer("created_at").notNull(),
    /** When it entered its current queue (waiting time and max-wait count from here). */
    queuedAt: integer("queued_at"),
    acceptedAt: integer("accepted_at"),
    endedAt: integer("ended_at"),
    endReason: text("end_reason"),
    /** Wrap-up applies (inbound work that came through a queue: FEATURES R4). */
    wrapUpViaQueueId: text("wrap_up_via_queue_id"),
    disposition: text("disposition"),
    notes: text("notes"),
    nodeId: text("node_id").notNull().default("local"),
  },
  (t) => [
    index("interactions_status_idx").on(t.status, t.queueId),
    index("interactions_agent_idx").on(t.agentId, t.status),
    // The estimated wait of a periodic announcement reads a queue's recently answered work.
    index("interactions_queue_accepted_idx").on(t.queueId, t.acceptedAt),
    // The interaction history pages newest first by day range, agent or department; forgetting finds a customer by address.
    index("interactions_created_idx").on(t.createdAt, t.id),
    index("interactions_agent_created_idx").on(t.agentId, t.createdAt),
    index("interactions_queue_created_idx").on(t.queueId, t.createdAt),
    index("interactions_customer_address_idx").on(t.customerAddress),
  ],
);

export const PART_STATUSES = ["wrap_up", "ended"] as const;

/**
 * The part of an interaction an agent handled before transferring it on (decision 014): they wrap up
 * that part with their own disposition, while the receiver wraps up theirs on the interaction itself.
 */
export const transferWrapUps = sqliteTable(
  "transfer_wrap_ups",
  {
    id: text("id").primaryKey(),
    interactionId: text("interaction_id")
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    agentId: text("agent_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The queue whose wrap-up settings apply to this part. */
    queueId: text("queue_id"),
    /** Whom or which department the work went to, as shown to the sender. */
    handedTo: text("handed_to").notNull(),
    handedAt: integer("handed_at").notNull(),
    status: text("status", { enum: PART_STATUSES }).notNull(),
    disposition: text("disposition"),
    notes: text("notes"),
  },
  (t) => [index("transfer_wrap_ups_agent_idx").on(t.agentId, t.status), index("transfer_wrap_ups_interaction_idx").on(t.interactionId)],
);

export const OFFER_STATUSES = ["ringing", "accepted", "rejected", "timeout", "cancelled"] as const;

/** An interaction offered to one agent; ring-all makes several at once. */
export const offers = sqliteTable(
  "offers",
  {
    id: text("id").primaryKey(),
    interactionId: text("interaction_id")
      .notNull()
      .references(() => interactions.id, { onDelete: "cascade" }),
    agentId: text("agent_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: OFFER_STATUSES }).notNull(),
    offeredAt: integer("offered_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** Auto-answer moment (FEATURES C3), or null. */
    autoAnswerAt: integer("auto_answer_at"),
    closedAt: integer("closed_at"),
  },
  (t) => [index("offers_agent_idx").on(t.agentId, t.status), index("offers_interaction_idx").on(t.interactionId, t.status)],
);
