import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema.ts";
import { queues } from "../routing/schema.ts";

export const TRUNK_TRANSPORTS = ["UDP", "TCP"] as const;
export const TRUNK_AUTH_MODES = ["register", "ip"] as const;
export const ROUTE_TARGETS = ["queue", "agent"] as const;

/**
 * The SIP trunk to the provider (FEATURES A7): at most one row, id "trunk". Lists are JSON text. The last
 * registration status is kept here too, so `doctor` and the admin page can tell it while the serving
 * process owns the registration.
 */
export const sipTrunk = sqliteTable("sip_trunk", {
  id: text("id").primaryKey(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
  host: text("host").notNull().default(""),
  port: integer("port").notNull().default(5060),
  transport: text("transport", { enum: TRUNK_TRANSPORTS }).notNull().default("UDP"),
  authMode: text("auth_mode", { enum: TRUNK_AUTH_MODES }).notNull().default("register"),
  username: text("username").notNull().default(""),
  /** Digest needs the password itself (the realm is only known from the challenge), as SMTP does. */
  password: text("password").notNull().default(""),
  authRealm: text("auth_realm").notNull().default(""),
  expiresS: integer("expires_s").notNull().default(600),
  /** JSON array of addresses and CIDR blocks the provider sends from (IP mode). */
  allowList: text("allow_list").notNull().default("[]"),
  callerId: text("caller_id").notNull().default(""),
  /** JSON array of { prefix, strip, add }, tried in order. */
  numberRules: text("number_rules").notNull().default("[]"),
  /** JSON array of codec names, preferred first. */
  codecs: text("codecs").notNull().default('["PCMU","PCMA"]'),
  updatedAt: integer("updated_at").notNull(),
  statusState: text("status_state").notNull().default(""),
  statusDetail: text("status_detail").notNull().default(""),
  statusAt: integer("status_at"),
  /** When a registration runs out, or when the next attempt is due. */
  statusUntil: integer("status_until"),
});

/** Inbound routes: the dialled number (DID, or "*" for any other) to a voice queue or an agent. */
export const sipInboundRoutes = sqliteTable("sip_inbound_routes", {
  id: text("id").primaryKey(),
  did: text("did").notNull().unique(),
  label: text("label").notNull().default(""),
  targetKind: text("target_kind", { enum: ROUTE_TARGETS }).notNull(),
  queueId: text("queue_id").references(() => queues.id, { onDelete: "cascade" }),
  userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});
