import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const ROLES = ["admin", "supervisor", "agent"] as const;
export type Role = (typeof ROLES)[number];
export const TYPOLOGIES = ["browser", "sip"] as const;
/**
 * What an admin can grant (FEATURES A1). Video joins the list with the video channel: until then nothing would
 * read it. Stored lists may still name it (older rows, the column default); parsePermissions drops it.
 * Reports lets an agent search the history of their own interactions.
 */
export const PERMISSIONS = ["voice", "outside_calls", "chat", "downloads", "reports"] as const;
export type Permission = (typeof PERMISSIONS)[number];
export const NOTIFY_POSITIONS = ["top-right", "top-left", "bottom-right", "bottom-left"] as const;

/** Everyone who signs in: admins, supervisors and agents, with the agent profile of FEATURES A2. */
export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull().unique(),
    fullName: text("full_name").notNull(),
    alias: text("alias").notNull().default(""),
    email: text("email").notNull().default(""),
    role: text("role", { enum: ROLES }).notNull(),
    extension: text("extension").unique(),
    description: text("description").notNull().default(""),
    typology: text("typology", { enum: TYPOLOGIES }).notNull().default("browser"),
    /** Digest secret for SIP-phone agents; null for browser phones. */
    sipSecret: text("sip_secret"),
    loginNotReady: integer("login_not_ready", { mode: "boolean" }).notNull().default(false),
    notifyPosition: text("notify_position", { enum: NOTIFY_POSITIONS }).notNull().default("top-right"),
    notifySound: integer("notify_sound", { mode: "boolean" }).notNull().default(true),
    notifyDesktop: integer("notify_desktop", { mode: "boolean" }).notNull().default(true),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    locked: integer("locked", { mode: "boolean" }).notNull().default(false),
    failedLogins: integer("failed_logins").notNull().default(0),
    maskSensitive: integer("mask_sensitive", { mode: "boolean" }).notNull().default(false),
    capChat: integer("cap_chat").notNull().default(3),
    /** Video and email capacities and auto-answer wait for those channels; no form writes them yet. */
    capVideo: integer("cap_video").notNull().default(1),
    capEmail: integer("cap_email").notNull().default(0),
    /** Auto-answer delay in seconds per channel; null = off. */
    autoAnswerVoice: integer("auto_answer_voice"),
    autoAnswerChat: integer("auto_answer_chat"),
    autoAnswerVideo: integer("auto_answer_video"),
    autoAnswerEmail: integer("auto_answer_email"),
    /** Kept for call recording (a later feature); no form writes it until recording exists. */
    recording: integer("recording", { mode: "boolean" }).notNull().default(false),
    /** JSON array of Permission. */
    permissions: text("permissions").notNull().default('["voice","chat","video"]'),
    passwordHash: text("password_hash"),
    passwordChangedAt: integer("password_changed_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("users_role_idx").on(t.role)],
);

export const avatars = sqliteTable("avatars", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  mime: text("mime").notNull(),
  data: blob("data", { mode: "buffer" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Sign-in sessions; the id is the SHA-256 of the cookie token so a leaked database cannot sign anyone in. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const TOKEN_PURPOSES = ["setup", "welcome", "reset"] as const;

/** One-time links (first-run setup, welcome, password reset). The id is the SHA-256 of the token. */
export const passwordTokens = sqliteTable("password_tokens", {
  id: text("id").primaryKey(),
  userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
  purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});

/**
 * Failed sign-ins by typed username (lower case, known or not) and client address: the brake on password
 * guessing. Kept per address so that guesses from one place never keep the account's owner out elsewhere.
 */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    username: text("username").notNull(),
    address: text("address").notNull(),
    failures: integer("failures").notNull(),
    /** Until when this username may not be tried from this address; 0 = not blocked. */
    blockedUntil: integer("blocked_until").notNull().default(0),
    lastAt: integer("last_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.username, t.address] }), index("sign_in_failures_last_idx").on(t.lastAt)],
);

/** What an API token may touch: read or write per resource of the REST API (FEATURES I3). */
export const API_SCOPES = [
  "users:read",
  "users:write",
  "departments:read",
  "departments:write",
  "agent_state:read",
  "agent_state:write",
  "queue_figures:read",
  "interactions:read",
  "calls:read",
  "calls:write",
  "reports:read",
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Bearer tokens of integrations; only the SHA-256 of the secret is kept, like sessions. */
export const apiTokens = sqliteTable("api_tokens", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  /** JSON array of ApiScope. */
  scopes: text("scopes").notNull(),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at").notNull(),
  /** null = does not expire. */
  expiresAt: integer("expires_at"),
  revokedAt: integer("revoked_at"),
  lastUsedAt: integer("last_used_at"),
});

/**
 * Two-step sign-in (TOTP, RFC 6238) of one user. The secret is stored as typed into the authenticator app would
 * need it (base32): a code is checked against it, so it cannot be hashed. `enabledAt` is null while enrolment
 * waits for its first code; `lastStep` is the 30-second step of the last code accepted, so no code works twice.
 */
export const userTotp = sqliteTable("user_totp", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  secret: text("secret").notNull(),
  enabledAt: integer("enabled_at"),
  lastStep: integer("last_step").notNull().default(0),
  createdAt: integer("created_at").notNull(),
});

/** Single-use recovery codes for two-step sign-in, kept as SHA-256 of the code (they are random, 50 bits). */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

export const CHALLENGE_KINDS = ["code", "enrol"] as const;

/**
 * A sign-in that passed the password step and waits for its second step: a code (`code`) or, when the role
 * requires two-step sign-in and the user has none yet, enrolment (`enrol`). The id is the SHA-256 of the
 * cookie token; it lives 5 minutes and is used once.
 */
export const signInChallenges = sqliteTable("sign_in_challenges", {
  id: text("id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  kind: text("kind", { enum: CHALLENGE_KINDS }).notNull(),
  address: text("address").notNull(),
  next: text("next").notNull().default(""),
  expiresAt: integer("expires_at").notNull(),
  usedAt: integer("used_at"),
});
