import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema.ts";

/** The channels of work: each queue has one, and an agent may pause them one by one (FEATURES C2). */
export const CHANNELS = ["voice", "chat", "video", "email"] as const;
export type Channel = (typeof CHANNELS)[number];

export const AGENT_STATES = ["logged_out", "ready", "not_ready", "busy", "wrap_up", "pending_not_ready"] as const;
export type AgentState = (typeof AGENT_STATES)[number];

/** Each agent's current state (FEATURES C2); kept across restarts (R6). */
export const agentPresence = sqliteTable("agent_presence", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  state: text("state", { enum: AGENT_STATES }).notNull().default("logged_out"),
  /** Not Ready reason (also kept while Pending Not Ready). */
  reason: text("reason"),
  stateSince: integer("state_since").notNull(),
  /** Set while the agent is in wrap-up (also under Pending Not Ready). */
  wrapUpEndsAt: integer("wrap_up_ends_at"),
  /** JSON array of channels the agent paused while Ready. */
  pausedChannels: text("paused_channels").notNull().default("[]"),
  /** When the agent last became free of work; longest-idle routing picks the oldest. */
  idleSince: integer("idle_since").notNull(),
  lastHeartbeatAt: integer("last_heartbeat_at").notNull(),
  nodeId: text("node_id").notNull().default("local"),
});
