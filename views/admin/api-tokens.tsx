import type { ApiScope } from "../../src/auth/index.ts";
import { Csrf, type Errors, Field, FormAlert, Select } from "../components/form.tsx";
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
      <section class="card" aria-labelledby="tokens-h">
        <h2 id="tokens-h">Tokens</h2>
        {p.tokens.length ? <TokensTable {...p} /> : <p class="muted">No API tokens yet.</p>}
      </section>
      <section class="card" aria-labelledby="new-token-h">
        <h2 id="new-token-h">New token</h2>
        <FormAlert message={p.message} />
        <form method="post" action="/admin/api-tokens">
          <Csrf token={p.csrf} />
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
          <button type="submit">Create token</button>
        </form>
      </section>
    </Page>
  );
}

function TokensTable(p: Props) {
  return (
    <table id="api-tokens">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Scopes</th>
          <th scope="col">Created</th>
          <th scope="col">Status</th>
          <th scope="col">Last used</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {p.tokens.map((t) => (
          <tr>
            <td>{t.name}</td>
            <td>{t.scopes.join(", ")}</td>
            <td>{when(t.createdAt)}</td>
            <td>{statusOf(t, p.now)}</td>
            <td>{t.lastUsedAt === null ? "Never" : when(t.lastUsedAt)}</td>
            <td>
              {t.revokedAt === null ? (
                <form method="post" action={`/admin/api-tokens/${t.id}/revoke`}>
                  <Csrf token={p.csrf} />
                  <button type="submit" aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
