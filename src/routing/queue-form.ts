import { FormReader } from "../shared/index.ts";
import { CHANNELS, LIVE_CHANNELS, OVERFLOW_KINDS, type queues, STRATEGIES } from "./schema.ts";

/**
 * Every setting of a queue, as the admin form edits it. Periodic announcements (position, estimated wait) wait for
 * the voice queue to play them: their columns keep their defaults and no form shows them until then.
 */
export type QueueInput = Omit<typeof queues.$inferSelect, "id" | "createdAt" | "updatedAt" | "announceKind" | "announceEveryS">;

/** The limits of every queue setting (FEATURES A4); the form and its hints use the same numbers. */
export const QUEUE_LIMITS = {
  ringTimeoutS: { label: "Ring timeout per agent (seconds)", min: 5, max: 300 },
  reofferAfterS: { label: "Re-offer after (seconds)", min: 5, max: 3600 },
  maxWaitS: { label: "Maximum wait (seconds)", min: 10, max: 86400 },
  wrapUpS: { label: "Wrap-up (seconds)", min: 0, max: 3600 },
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
  priority: 0,
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
    overflowKind: form.oneOf("overflowKind", "Overflow", OVERFLOW_KINDS, QUEUE_DEFAULTS.overflowKind),
    overflowQueueId: form.text("overflowQueueId", { label: "Overflow department", max: 64 }) || null,
    wrapUpS: int("wrapUpS"),
    wrapUpMandatory: form.bool("wrapUpMandatory"),
    holdMusic:
      form.text("holdMusic", {
        label: "Hold music",
        max: 60,
        pattern: /^[A-Za-z0-9._-]+$/,
        patternHint: "may only have letters, digits, ., - and _",
      }) || QUEUE_DEFAULTS.holdMusic,
    priority: int("priority"),
  };
  if (input.overflowKind !== "queue") input.overflowQueueId = null;
  else if (!input.overflowQueueId) form.fail("overflowQueueId", "Choose the department to overflow to");
  form.done();
  return input;
}
