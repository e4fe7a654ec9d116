import type { InboundRoute, RouteTarget } from "../../src/trunk/index.ts";
import { Csrf, type Errors, Field, FormAlert } from "../components/form.tsx";

export type RouteValues = { did?: string; label?: string; target?: string };
export type Targets = { queues: RouteTarget[]; agents: RouteTarget[] };

export const targetValue = (t: RouteTarget) => (t.kind === "queue" ? `queue:${t.queueId}` : `agent:${t.userId}`);
const targetText = (t: RouteTarget | null) =>
  t === null
    ? "No longer available: choose another target"
    : t.kind === "queue"
      ? `Queue ${t.name}`
      : `Agent ${t.name} (extension ${t.extension})`;

/** Inbound routes: which number goes to which voice queue or agent, with a form to add one. */
export function InboundRoutesCard(p: {
  csrf: string;
  routes: InboundRoute[];
  targets: Targets;
  values: RouteValues;
  errors?: Errors;
  message?: string | null;
}) {
  return (
    <section class="card" aria-labelledby="inbound-h">
      <h2 id="inbound-h">Inbound routes</h2>
      <p class="hint">The number the caller dialled (DID) decides where the call goes; * takes every number without a route of its own.</p>
      {p.routes.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Label</th>
              <th scope="col">Goes to</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {p.routes.map((r) => (
              <tr>
                <td>{r.did === "*" ? "* (any other number)" : r.did}</td>
                <td>{r.label}</td>
                <td>{targetText(r.target)}</td>
                <td>
                  <a href={`/admin/trunk/routes/${r.id}`}>Edit {r.did}</a> ·{" "}
                  <a href={`/admin/trunk/routes/${r.id}/delete`}>Delete {r.did}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="muted">No inbound routes: calls from the trunk have nowhere to go.</p>
      )}
      <h3>Add a route</h3>
      <FormAlert message={p.message} />
      <RouteForm csrf={p.csrf} action="/admin/trunk/routes" values={p.values} targets={p.targets} errors={p.errors} submit="Add route" />
    </section>
  );
}

/** The fields of one route; the same form adds and edits. */
export function RouteForm(p: { csrf: string; action: string; values: RouteValues; targets: Targets; errors?: Errors; submit: string }) {
  const error = p.errors?.target;
  const option = (t: RouteTarget) => (
    <option value={targetValue(t)} selected={targetValue(t) === p.values.target}>
      {t.kind === "queue" ? t.name : `${t.name} (extension ${t.extension})`}
    </option>
  );
  return (
    <form method="post" action={p.action}>
      <Csrf token={p.csrf} />
      <div class="grid">
        <Field
          name="did"
          label="Number (DID)"
          value={p.values.did}
          required
          maxLength={32}
          hint="e.g. +41441234567, or * for any other number"
          errors={p.errors}
        />
        <Field name="label" label="Label" value={p.values.label} maxLength={60} hint="Optional, e.g. Sales line" errors={p.errors} />
        <div class={error ? "field invalid" : "field"}>
          <label for="f-target">Send calls to</label>
          <select
            id="f-target"
            name="target"
            required
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "f-target-error" : undefined}
          >
            <option value="">Choose a queue or an agent</option>
            <optgroup label="Voice queues">{p.targets.queues.map(option)}</optgroup>
            <optgroup label="Agents">{p.targets.agents.map(option)}</optgroup>
          </select>
          {error ? (
            <small id="f-target-error" class="error">
              {error}
            </small>
          ) : null}
        </div>
      </div>
      <button type="submit">{p.submit}</button>
    </form>
  );
}
