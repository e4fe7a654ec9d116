import type { Queue, QueueInput } from "../../src/routing/index.ts";
import { Checkbox, type Errors, Field, Select } from "../components/form.tsx";
import { OVERFLOW_LABELS, STRATEGY_LABELS } from "./queues.tsx";

/** The form's values as typed (text), so a rejected form comes back exactly as it was sent. */
export type QueueValues = { [K in keyof QueueInput]?: string };

export function valuesOfQueue(q: Queue): QueueValues {
  return Object.fromEntries(
    Object.entries(q).map(([k, v]) => [k, typeof v === "boolean" ? (v ? "on" : "") : v === null ? "" : String(v)]),
  ) as QueueValues;
}

type Props = {
  values: QueueValues;
  errors?: Errors;
  /** Other queues, offered as overflow targets. */
  others: Queue[];
  channels: readonly string[];
  strategies: readonly string[];
  overflowKinds: readonly string[];
  announceKinds: readonly string[];
};

const ANNOUNCE_LABELS: Record<string, string> = {
  none: "Recording only",
  position: "Position in queue",
  wait: "Estimated wait",
  both: "Position and estimated wait",
};

const WORK_MODE_OPTIONS = [
  ["offer", "Offer: ringing the agent the strategy chooses"],
  ["pick", "Pick: agents take work from the waiting list (chat only)"],
] as const;

/** Every setting of a queue (FEATURES A4), with its limits as hints. */
export function QueueFields({ values: v, errors, others, ...kinds }: Props) {
  const num = (name: keyof QueueValues, label: string, min: number, max: number, hint: string) => (
    <Field name={name} label={label} type="number" value={v[name]} min={min} max={max} hint={hint} required errors={errors} />
  );
  return (
    <>
      <div class="grid">
        <Field name="name" label="Name" value={v.name} required maxLength={60} errors={errors} />
        <Select name="channel" label="Channel" value={v.channel} options={kinds.channels.map((c) => [c, c] as const)} errors={errors} />
        <Select
          name="strategy"
          label="Routing strategy"
          value={v.strategy}
          options={kinds.strategies.map((s) => [s, STRATEGY_LABELS[s] ?? s] as const)}
          errors={errors}
        />
        {num("priority", "Priority", 0, 100, "0 to 100; higher is served first")}
        <Select name="workMode" label="Work reaches agents by" value={v.workMode} options={WORK_MODE_OPTIONS} errors={errors} />
      </div>
      <fieldset>
        <legend>Timing</legend>
        <div class="grid">
          {num("ringTimeoutS", "Ring timeout per agent (seconds)", 5, 300, "5 to 300")}
          {num(
            "reofferAfterS",
            "Re-offer after (seconds)",
            5,
            3600,
            "5 to 3600; an agent who declined or missed work gets it again after this pause when nobody else can take it",
          )}
          {num("maxWaitS", "Maximum wait (seconds)", 10, 86400, "10 to 86400; then overflow applies")}
          {num("wrapUpS", "Wrap-up (seconds)", 0, 3600, "0 to 3600")}
        </div>
        <Checkbox name="wrapUpMandatory" label="Wrap-up form mandatory" checked={v.wrapUpMandatory === "on"} />
      </fieldset>
      <fieldset>
        <legend>Overflow</legend>
        <div class="grid">
          <Select
            name="overflowKind"
            label="When the maximum wait is reached"
            value={v.overflowKind}
            options={kinds.overflowKinds.map((k) => [k, OVERFLOW_LABELS[k] ?? k] as const)}
            errors={errors}
          />
          <Select
            name="overflowQueueId"
            label="Overflow department"
            value={v.overflowQueueId}
            options={[["", "None"], ...others.map((q) => [q.id, `${q.name} (${q.channel})`] as const)]}
            errors={errors}
          />
        </div>
      </fieldset>
      <fieldset>
        <legend>While waiting</legend>
        <div class="grid">
          <Select
            name="announceKind"
            label="Periodic announcement"
            value={v.announceKind}
            options={kinds.announceKinds.map((k) => [k, ANNOUNCE_LABELS[k] ?? k] as const)}
            errors={errors}
          />
          {num("announceEveryS", "Announcement period (seconds)", 0, 600, "0 (off) or 15 to 600 seconds of music between announcements")}
        </div>
      </fieldset>
    </>
  );
}
