import { Csrf, type Errors, Field, FormAlert, FormNotice } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { type Column, ListTable } from "../components/admin-list.tsx";
import { Page } from "../layouts/page.tsx";

export type WebhookRow = { id: string; url: string; events: string[]; enabled: boolean; offReason: string | null; created: string };
export type DeliveryRow = { id: string; when: string; event: string; status: string; attempts: number; answer: string; next: string };

const HOOK_COLUMNS: Column<WebhookRow>[] = [
  { header: "URL", cell: (h) => <a href={`/admin/webhooks/${h.id}`}>{h.url}</a> },
  { header: "Events", cell: (h) => h.events.join(", ") },
  { header: "Status", cell: (h) => (h.enabled ? "On" : h.offReason ? `Off: ${h.offReason}` : "Off") },
  { header: "Created", cell: (h) => h.created },
];

const DELIVERY_COLUMNS: Column<DeliveryRow>[] = [
  { header: "When", cell: (d) => d.when },
  { header: "Event", cell: (d) => d.event },
  { header: "Status", cell: (d) => d.status },
  { header: "Attempts", cell: (d) => d.attempts },
  { header: "Last answer", cell: (d) => d.answer },
  { header: "Next attempt", cell: (d) => d.next },
];

type ListProps = Frame & {
  hooks: WebhookRow[];
  /** Event name → what it means. */
  catalogue: Record<string, string>;
  /** The secret of the webhook just made: shown on this answer only. */
  created?: { url: string; secret: string } | null;
  values?: { url?: string; events?: string[] };
  errors?: Errors;
  message?: string | null;
};

/** Admin → Webhooks (FEATURES I3): subscriptions to events, each POSTed as signed JSON to a URL. */
export function WebhooksPage(p: ListProps) {
  return (
    <Page title="Webhooks" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>Webhooks</h1>
      <p>
        Each chosen event is sent as a JSON POST to the webhook's URL, signed with its secret (headers <code>X-Switchboard-Timestamp</code>{" "}
        and <code>X-Switchboard-Signature</code>: see the README for checking them). Failed deliveries are retried for about three hours.
      </p>
      {p.created ? (
        <section class="card" role="alert" aria-labelledby="new-secret-h">
          <h2 id="new-secret-h">Webhook to {p.created.url} created</h2>
          <p>Copy the signing secret now: it is shown only this once.</p>
          <p>
            <label for="new-secret">Signing secret</label> <input id="new-secret" readonly value={p.created.secret} size={60} />
          </p>
        </section>
      ) : null}
      <section class="card" aria-labelledby="hooks-h">
        <h2 id="hooks-h">Webhooks</h2>
        {p.hooks.length ? (
          <ListTable id="webhooks" caption="All webhooks" columns={HOOK_COLUMNS} rows={p.hooks} />
        ) : (
          <p class="muted">No webhooks yet.</p>
        )}
      </section>
      <section class="card" aria-labelledby="new-hook-h">
        <h2 id="new-hook-h">New webhook</h2>
        <FormAlert message={p.message} />
        <form method="post" action="/admin/webhooks">
          <Csrf token={p.csrf} />
          <Field
            name="url"
            label="URL"
            value={p.values?.url}
            required
            maxLength={500}
            hint="https://… (http:// only for loopback and private addresses)"
            errors={p.errors}
          />
          <Field
            name="secret"
            label="Signing secret"
            type="password"
            maxLength={200}
            autocomplete="new-password"
            hint="At least 16 characters, or empty for a random one (shown once)"
            errors={p.errors}
          />
          <fieldset aria-describedby={p.errors?.events ? "events-error" : undefined}>
            <legend>Events</legend>
            {Object.entries(p.catalogue).map(([name, meaning]) => (
              <label class="check">
                <input type="checkbox" name={`event_${name}`} checked={p.values?.events?.includes(name)} /> <code>{name}</code>: {meaning}
              </label>
            ))}
            {p.errors?.events ? (
              <small id="events-error" class="error">
                {p.errors.events}
              </small>
            ) : null}
          </fieldset>
          <button type="submit">Create webhook</button>
        </form>
      </section>
    </Page>
  );
}

type HookProps = Frame & { hook: WebhookRow; deliveries: DeliveryRow[]; notice?: string | null };

/** One webhook: its delivery log, Send test event, turn off/on, delete. */
export function WebhookPage(p: HookProps) {
  const h = p.hook;
  return (
    <Page title="Webhook" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <p>
        <a href="/admin/webhooks">← Webhooks</a>
      </p>
      <h1>Webhook</h1>
      <p>
        <strong>{h.url}</strong> — {h.enabled ? "on" : h.offReason ? `off: ${h.offReason}` : "off"}; events: {h.events.join(", ")}
      </p>
      <FormNotice message={p.notice} />
      <div class="actions">
        <form method="post" action={`/admin/webhooks/${h.id}/test`} class="inline">
          <Csrf token={p.csrf} />
          <button type="submit" disabled={!h.enabled}>
            Send test event
          </button>
        </form>{" "}
        <form method="post" action={`/admin/webhooks/${h.id}/${h.enabled ? "disable" : "enable"}`} class="inline">
          <Csrf token={p.csrf} />
          <button type="submit" class="secondary">
            {h.enabled ? "Turn off" : "Turn on"}
          </button>
        </form>{" "}
        <a class="button secondary" href={`/admin/webhooks/${h.id}/delete`}>
          Delete
        </a>
      </div>
      <section class="card" aria-labelledby="log-h">
        <h2 id="log-h">Deliveries</h2>
        {p.deliveries.length ? (
          <ListTable id="deliveries" caption="Deliveries of this webhook, newest first" columns={DELIVERY_COLUMNS} rows={p.deliveries} />
        ) : (
          <p class="muted">Nothing sent yet.</p>
        )}
      </section>
    </Page>
  );
}

/** The banner of every admin page while a webhook the box turned off itself stays off (loaded by the page frame). */
export function WebhookBanner({ off }: { off: { id: string; url: string; reason: string }[] }) {
  if (!off.length) return <div id="webhook-banner"></div>;
  return (
    <div id="webhook-banner" class="alert banner" role="status">
      {off.map((h) => (
        <p>
          The webhook to {h.url} was turned off: {h.reason}. Check the receiver, then{" "}
          <a href={`/admin/webhooks/${h.id}`}>turn it on again</a>.
        </p>
      ))}
    </div>
  );
}
