import type { ApiScope } from "../../src/auth/index.ts";
import { Card, type Column, FormCard, ListTable, RowButton } from "../components/admin-list.tsx";
import { type Errors, Field, Select } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";

export type ApiTokenRow = {
  id: string;
  name: string;
  scopes: ApiScope[];
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
};

type Props = Frame & {
  tokens: ApiTokenRow[];
  now: number;
  allScopes: readonly ApiScope[];
  expiryDays: readonly number[];
  /** The secret of the token just created: shown on this answer only. */
  created?: { name: string; secret: string } | null;
  values?: { name?: string; scopes?: string[]; expiry?: string };
  errors?: Errors;
  message?: string | null;
};

const when = (ms: number | null) => (ms === null ? "" : `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`);

function statusOf(t: ApiTokenRow, now: number): string {
  if (t.revokedAt !== null) return `Revoked ${when(t.revokedAt)}`;
  if (t.expiresAt !== null && t.expiresAt <= now) return `Expired ${when(t.expiresAt)}`;
  return t.expiresAt === null ? "Active, no expiry" : `Active until ${when(t.expiresAt)}`;
}

/** Admin → API tokens: the integrations' bearer tokens for the REST API (FEATURES I3). */
export function ApiTokensPage(p: Props) {
  return (
    <Page title="API tokens" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>API tokens</h1>
      <p>
        Integrations call the <a href="/api/v1/reference">REST API</a> with a token sent as <code>Authorization: Bearer …</code>. Each token
        has its own scopes and expiry; every change it makes is in the audit log under its name.
      </p>
      {p.created ? (
        <section class="card" role="alert" aria-labelledby="new-secret-h">
          <h2 id="new-secret-h">Token "{p.created.name}" created</h2>
          <p>Copy it now: it is shown only this once and cannot be read again.</p>
          <p>
            <label for="new-secret">Token</label> <input id="new-secret" readonly value={p.created.secret} size={60} />
          </p>
        </section>
      ) : null}
      <Card id="tokens-h" heading="Tokens">
        {p.tokens.length ? <TokensTable {...p} /> : <p class="muted">No API tokens yet.</p>}
      </Card>
      <FormCard id="new-token-h" heading="New token" message={p.message} csrf={p.csrf} action="/admin/api-tokens" save="Create token">
        <Field name="name" label="Name (the integration)" value={p.values?.name} errors={p.errors} required maxLength={80} />
        <fieldset aria-describedby={p.errors?.scopes ? "scopes-error" : undefined}>
          <legend>Scopes</legend>
          {p.allScopes.map((s) => (
            <label class="check">
              <input type="checkbox" name="scopes" value={s} checked={p.values?.scopes?.includes(s)} /> {s}
            </label>
          ))}
          {p.errors?.scopes ? (
            <small id="scopes-error" class="error">
              {p.errors.scopes}
            </small>
          ) : null}
        </fieldset>
        <Select
          name="expiry"
          label="Expires"
          value={p.values?.expiry ?? "90"}
          options={[...p.expiryDays.map((d) => [String(d), `In ${d} days`] as const), ["never", "Never"] as const]}
          errors={p.errors}
        />
      </FormCard>
    </Page>
  );
}

function TokensTable(p: Props) {
  const columns: Column<ApiTokenRow>[] = [
    { header: "Name", cell: (t) => t.name },
    { header: "Scopes", cell: (t) => t.scopes.join(", ") },
    { header: "Created", cell: (t) => when(t.createdAt) },
    { header: "Status", cell: (t) => statusOf(t, p.now) },
    { header: "Last used", cell: (t) => (t.lastUsedAt === null ? "Never" : when(t.lastUsedAt)) },
  ];
  const actions = (t: ApiTokenRow) =>
    t.revokedAt === null ? (
      <RowButton action={`/admin/api-tokens/${t.id}/revoke`} csrf={p.csrf} label="Revoke" name={t.name} secondary={false} />
    ) : null;
  return <ListTable id="api-tokens" caption="API tokens" columns={columns} rows={p.tokens} actions={actions} />;
}
