import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema.ts";

// The channels live with presence, which pauses them one by one and sits below routing.
import { CHANNELS, type Channel } from "../presence/schema.ts";

export { CHANNELS, type Channel };
/** The channels that carry work today: departments of the others (video, email) wait for those channels. */
export const LIVE_CHANNELS = ["voice", "chat"] as const satisfies readonly Channel[];
export const STRATEGIES = ["ring-all", "round-robin", "longest-idle", "fewest-today", "random"] as const;
export const OVERFLOW_KINDS = ["none", "queue", "voicemail", "announcement", "hangup"] as const;
export const ANNOUNCE_KINDS = ["none", "position", "wait", "both"] as const;
/** Overflow targets that work today; "voicemail" stays in the column's type for the issue that brings it. */
export const ACTIVE_OVERFLOW_KINDS = ["none", "queue", "announcement", "hangup"] as const;
/** The recordings an admin may upload per voice queue (docs/decisions/015-queue-audio.md). */
export const QUEUE_AUDIO_KINDS = ["music", "announcement", "overflow", "closed"] as const;
export type QueueAudioKind = (typeof QUEUE_AUDIO_KINDS)[number];

/** Offer: routing rings an agent. Pick: work waits in a list until a member takes it (chat departments only). */
export const WORK_MODES = ["offer", "pick"] as const;

/** A queue, shown to people as a department (FEATURES A4). */
export const queues = sqliteTable("queues", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  channel: text("channel", { enum: CHANNELS }).notNull(),
  strategy: text("strategy", { enum: STRATEGIES }).notNull().default("longest-idle"),
  ringTimeoutS: integer("ring_timeout_s").notNull().default(20),
  /** After everyone else was tried, work declined or missed by an agent is offered to them again after this pause. */
  reofferAfterS: integer("reoffer_after_s").notNull().default(30),
  maxWaitS: integer("max_wait_s").notNull().default(600),
  overflowKind: text("overflow_kind", { enum: OVERFLOW_KINDS }).notNull().default("none"),
  overflowQueueId: text("overflow_queue_id"),
  wrapUpS: integer("wrap_up_s").notNull().default(30),
  wrapUpMandatory: integer("wrap_up_mandatory", { mode: "boolean" }).notNull().default(false),
  holdMusic: text("hold_music").notNull().default("default"),
  announceEveryS: integer("announce_every_s").notNull().default(0),
  announceKind: text("announce_kind", { enum: ANNOUNCE_KINDS }).notNull().default("none"),
  priority: integer("priority").notNull().default(0),
  /** How waiting work reaches agents: offered to one (push) or picked from the waiting list by an agent. */
  workMode: text("work_mode", { enum: WORK_MODES }).notNull().default("offer"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const queueMembers = sqliteTable(
  "queue_members",
  {
    queueId: text("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.userId] }), index("queue_members_user_idx").on(t.userId)],
);

/** A queue's uploaded recording, already converted to an 8 kHz mono µ-law WAV file; one per kind. */
export const queueAudio = sqliteTable(
  "queue_audio",
  {
    queueId: text("queue_id")
      .notNull()
      .references(() => queues.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: QUEUE_AUDIO_KINDS }).notNull(),
    /** The uploaded file's name as the admin's browser sent it, for the page only. */
    fileName: text("file_name").notNull(),
    durationMs: integer("duration_ms").notNull(),
    wav: blob("wav", { mode: "buffer" }).$type<Uint8Array>().notNull(),
    uploadedAt: integer("uploaded_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.kind] })],
);
