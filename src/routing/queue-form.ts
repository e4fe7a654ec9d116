import { FormReader } from "../shared/index.ts";
import { ACTIVE_OVERFLOW_KINDS, ANNOUNCE_KINDS, CHANNELS, LIVE_CHANNELS, type queues, STRATEGIES, WORK_MODES } from "./schema.ts";

/** Every setting of a queue, as the admin form edits it. */
export type QueueInput = Omit<typeof queues.$inferSelect, "id" | "createdAt" | "updatedAt">;

/** The limits of every queue setting (FEATURES A4); the form and its hints use the same numbers. */
export const QUEUE_LIMITS = {
  ringTimeoutS: { label: "Ring timeout per agent (seconds)", min: 5, max: 300 },
  reofferAfterS: { label: "Re-offer after (seconds)", min: 5, max: 3600 },
  maxWaitS: { label: "Maximum wait (seconds)", min: 10, max: 86400 },
  wrapUpS: { label: "Wrap-up (seconds)", min: 0, max: 3600 },
  announceEveryS: { label: "Announcement period (seconds)", min: 0, max: 600 },
  priority: { label: "Priority", min: 0, max: 100 },
} as const;

export const QUEUE_DEFAULTS = {
  strategy: "longest-idle",
  ringTimeoutS: 20,
  reofferAfterS: 30,
  maxWaitS: 600,
  overflowKind: "none",
  wrapUpS: 30,
  holdMusic: "default",
  announceKind: "none",
  announceEveryS: 0,
  priority: 0,
  workMode: "offer",
} as const;

function readChannel(form: FormReader): QueueInput["channel"] {
  const wanted = form.text("channel", { label: "Channel", max: 20 });
  const later = CHANNELS.find((ch) => ch === wanted && !(LIVE_CHANNELS as readonly string[]).includes(ch));
  if (!later) return form.oneOf("channel", "Channel", LIVE_CHANNELS);
  form.fail("channel", `${later[0]?.toUpperCase()}${later.slice(1)} departments arrive with the ${later} channel; choose voice or chat`);
  return later;
}

/** Reads the queue form; ValidationError lists every bad field. Database checks happen in createQueue/updateQueue. */
export function readQueueForm(data: Record<string, unknown>): QueueInput {
  const form = new FormReader(data);
  const int = (name: keyof typeof QUEUE_LIMITS) => form.int(name, { ...QUEUE_LIMITS[name], fallback: QUEUE_DEFAULTS[name] });
  const input: QueueInput = {
    name: form.text("name", { label: "Name", required: true, max: 60 }),
    channel: readChannel(form),
    strategy: form.oneOf("strategy", "Routing strategy", STRATEGIES, QUEUE_DEFAULTS.strategy),
    ringTimeoutS: int("ringTimeoutS"),
    reofferAfterS: int("reofferAfterS"),
    maxWaitS: int("maxWaitS"),
    overflowKind: form.oneOf("overflowKind", "Overflow", ACTIVE_OVERFLOW_KINDS, QUEUE_DEFAULTS.overflowKind),
    overflowQueueId: form.text("overflowQueueId", { label: "Overflow department", max: 64 }) || null,
    wrapUpS: int("wrapUpS"),
    wrapUpMandatory: form.bool("wrapUpMandatory"),
    // Hold music is an uploaded recording now (saveQueueAudio); the old name column is no longer read.
    holdMusic: QUEUE_DEFAULTS.holdMusic,
    announceKind: form.oneOf("announceKind", "Periodic announcement", ANNOUNCE_KINDS, QUEUE_DEFAULTS.announceKind),
    announceEveryS: int("announceEveryS"),
    priority: int("priority"),
    workMode: form.oneOf("workMode", "Work reaches agents by", WORK_MODES, QUEUE_DEFAULTS.workMode),
  };
  if (input.workMode === "pick" && input.channel !== "chat")
    form.fail("workMode", "Picking from the waiting list is available for chat departments only");
  if (!form.errors.announceEveryS && input.announceEveryS !== 0 && input.announceEveryS < 15)
    form.fail("announceEveryS", "Announcement period must be 0 (off) or between 15 and 600 seconds");
  if (input.overflowKind !== "queue") input.overflowQueueId = null;
  else if (!input.overflowQueueId) form.fail("overflowQueueId", "Choose the department to overflow to");
  form.done();
  return input;
}
