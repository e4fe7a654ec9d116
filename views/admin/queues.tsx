import { type Column, EditDeleteLinks, ListTable } from "../components/admin-list.tsx";
import { FormNotice } from "../components/form.tsx";
import type { Channel, Queue } from "../../src/routing/index.ts";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";

type Props = Frame & { queues: Queue[]; channel: Channel | null; channels: readonly Channel[]; notice?: string | null };

export const STRATEGY_LABELS: Record<string, string> = {
  "ring-all": "Ring all",
  "round-robin": "Round robin",
  "longest-idle": "Longest idle agent",
  "fewest-today": "Fewest interactions today",
  random: "Random",
};

export const OVERFLOW_LABELS: Record<string, string> = {
  none: "None",
  queue: "Another department",
  voicemail: "Voicemail",
  announcement: "Announcement",
  hangup: "Hang up",
};

/** Admin → Queues: the departments of every channel, filterable by channel (FEATURES A4). */
export function QueuesPage(p: Props) {
  const shown = p.channel ? [p.channel] : p.channels;
  const names = new Map(p.queues.map((q) => [q.id, q.name]));
  return (
    <Page title="Queues" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>Queues (departments)</h1>
      <FormNotice message={p.notice} />
      <form method="get" action="/admin/queues" class="toolbar">
        <div class="field">
          <label for="f-channel">Channel</label>
          <select id="f-channel" name="channel">
            <option value="">All channels</option>
            {p.channels.map((ch) => (
              <option value={ch} selected={ch === p.channel}>
                {ch}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Filter
        </button>
        <a class="button" href={`/admin/queues/new${p.channel ? `?channel=${p.channel}` : ""}`}>
          New department
        </a>
      </form>
      {shown.map((ch) => {
        const rows = p.queues.filter((q) => q.channel === ch);
        return (
          <section class="card" aria-labelledby={`ch-${ch}`}>
            <h2 id={`ch-${ch}`}>{ch[0]?.toUpperCase() + ch.slice(1)}</h2>
            {rows.length ? (
              <QueueTable rows={rows} names={names} caption={`${ch} departments`} />
            ) : (
              <p class="muted">No {ch} departments.</p>
            )}
          </section>
        );
      })}
    </Page>
  );
}

function QueueTable({ rows, names, caption }: { rows: Queue[]; names: Map<string, string>; caption: string }) {
  const columns: Column<Queue>[] = [
    { header: "Name", cell: (q) => <a href={`/admin/queues/${q.id}`}>{q.name}</a> },
    { header: "Strategy", cell: (q) => STRATEGY_LABELS[q.strategy] },
    { header: "Ring timeout", cell: (q) => `${q.ringTimeoutS} s` },
    { header: "Max wait", cell: (q) => `${q.maxWaitS} s` },
    {
      header: "Overflow",
      cell: (q) => (q.overflowKind === "queue" ? `→ ${names.get(q.overflowQueueId ?? "") ?? "?"}` : OVERFLOW_LABELS[q.overflowKind]),
    },
    { header: "Priority", cell: (q) => q.priority },
  ];
  const actions = (q: Queue) => <EditDeleteLinks href={`/admin/queues/${q.id}`} name={q.name} />;
  return <ListTable caption={caption} columns={columns} rows={rows} actions={actions} />;
}
