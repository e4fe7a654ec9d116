import type { Queue, QueueAudioInfo, QueueAudioKind, QueueMember } from "../../src/routing/index.ts";
import { BackLink, type Column, FormCard, ListTable, RowButton } from "../components/admin-list.tsx";
import { Csrf, type Errors, FormAlert, Select, FormNotice } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";
import { type AudioError, QueueAudioSection } from "./queues-audio.tsx";
import { QueueFields, type QueueValues } from "./queues-form.tsx";

type Kinds = {
  channels: readonly string[];
  strategies: readonly string[];
  overflowKinds: readonly string[];
  announceKinds: readonly string[];
};

type Props = Frame & {
  kinds: Kinds;
  /** The queue being edited; absent on the create page. */
  queue?: Queue;
  values: QueueValues;
  others: Queue[];
  errors?: Errors;
  message?: string | null;
  members?: QueueMember[];
  candidates?: QueueMember[];
  memberErrors?: Errors;
  memberMessage?: string | null;
  notice?: string | null;
  /** A voice department's recordings (absent for other channels and on the create page). */
  audio?: { kinds: readonly QueueAudioKind[]; uploads: QueueAudioInfo[]; maxMegabytes: number; error?: AudioError | null };
};

/** Create or edit one department, and (when editing) its agents (FEATURES A4). */
export function QueueEditPage(p: Props) {
  const title = p.queue ? `Department ${p.queue.name}` : "New department";
  const action = p.queue ? `/admin/queues/${p.queue.id}` : "/admin/queues";
  return (
    <Page title={title} csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <BackLink href="/admin/queues" label="All departments" />
      <h1>{title}</h1>
      <FormNotice message={p.notice} />
      <FormCard
        id="settings-h"
        heading="Settings"
        message={p.message}
        csrf={p.csrf}
        action={action}
        save={p.queue ? "Save department" : "Create department"}
        remove={p.queue ? "Delete department" : undefined}
      >
        <QueueFields values={p.values} errors={p.errors} others={p.others} {...p.kinds} />
      </FormCard>
      {p.queue && p.audio ? <QueueAudioSection csrf={p.csrf} base={action} {...p.audio} /> : null}
      {p.queue ? <Members {...p} base={action} /> : null}
    </Page>
  );
}

const MEMBER_COLUMNS: Column<QueueMember>[] = [
  { header: "Name", cell: (m) => m.fullName },
  { header: "Username", cell: (m) => m.username },
  { header: "Role", cell: (m) => m.role },
];

function Members(p: Props & { base: string }) {
  const members = p.members ?? [];
  return (
    <section class="card" aria-labelledby="agents-h">
      <h2 id="agents-h">Agents</h2>
      <FormAlert message={p.memberMessage} />
      {members.length ? (
        <ListTable
          id="members"
          caption="Agents of this department"
          columns={MEMBER_COLUMNS}
          rows={members}
          actions={(m) => <RowButton action={`${p.base}/members/${m.userId}/remove`} csrf={p.csrf} label="Remove" name={m.fullName} />}
        />
      ) : (
        <p class="muted">No agents in this department yet.</p>
      )}
      <div class="row">
        <form method="post" action={`${p.base}/members`}>
          <Csrf token={p.csrf} />
          <Select
            name="userId"
            label="Agent to add"
            options={[["", "Choose…"], ...(p.candidates ?? []).map((u) => [u.userId, `${u.fullName} (${u.username})`] as const)]}
            errors={p.memberErrors}
          />
          <button type="submit">Add agent</button>
        </form>
        <form method="post" action={`${p.base}/members/all`}>
          <Csrf token={p.csrf} />
          <p class="hint">Adds every enabled agent and supervisor who is not in this department yet.</p>
          <button type="submit" class="secondary">
            Add all agents
          </button>
        </form>
      </div>
    </section>
  );
}
