import { BackLink } from "../components/admin-list.tsx";
import { Checkbox, Csrf, type Errors, Field, FormAlert, Select, FormNotice } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";
import { SecretField } from "../components/secret-field.tsx";
import { type ConnectionTest, ConnectionTestCard } from "../components/connection-test.tsx";

export type SalesforceValues = Record<string, string>;
export type TaskLog = { pending: number; sent: number; failed: number; lastError: string | null };

type Props = Frame & {
  values: SalesforceValues;
  /** Secrets stored: shown as "set", never sent back. */
  hasSecret: boolean;
  hasPassword: boolean;
  configured: boolean;
  attachedFields: string[];
  tasks: TaskLog;
  errors?: Errors;
  message?: string | null;
  notice?: string | null;
  test?: ConnectionTest;
};

/** Admin → Settings → Salesforce (FEATURES I1): connection, lookup per channel, Test connection. */
export function SalesforcePage(p: Props) {
  const v = p.values;
  const sources = [
    ["address", "Customer's address (phone number or email)"] as const,
    ...p.attachedFields.map((f) => [f, `Attached data: ${f}`] as const),
  ];
  return (
    <Page title="Salesforce" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <BackLink href="/admin/settings" label="Settings" />
      <h1>Salesforce</h1>
      <p class="hint">
        When set up, the agent's console looks up the customer's Contact when an interaction is accepted, and writes a Task (the call or
        chat log) to it at wrap-up. Leave the login URL empty to turn Salesforce off.
      </p>
      <FormNotice message={p.notice} />
      <FormAlert message={p.message} />
      <form method="post" action="/admin/settings/salesforce" class="card">
        <Csrf token={p.csrf} />
        <fieldset>
          <legend>Connection</legend>
          <div class="grid">
            <Field
              name="loginUrl"
              label="Login URL"
              value={v.loginUrl}
              maxLength={200}
              hint="https://login.salesforce.com, https://test.salesforce.com or your My Domain URL"
              errors={p.errors}
            />
            <Select
              name="flow"
              label="Sign-in flow"
              value={v.flow}
              options={[
                ["client_credentials", "OAuth client credentials"],
                ["password", "OAuth username and password"],
              ]}
              errors={p.errors}
            />
            <Field
              name="clientId"
              label="Client id (consumer key)"
              value={v.clientId}
              maxLength={500}
              autocomplete="off"
              errors={p.errors}
            />
            <SecretField name="clientSecret" label="Client secret" stored={p.hasSecret} unsetHint="Not set." errors={p.errors} />
            <Field
              name="username"
              label="Username"
              value={v.username}
              maxLength={254}
              autocomplete="off"
              hint="Username-password flow only"
              errors={p.errors}
            />
            <SecretField
              name="password"
              label="Password (with security token)"
              stored={p.hasPassword}
              unsetHint="Not set. Username-password flow only."
              errors={p.errors}
            />
          </div>
          {p.hasSecret ? <Checkbox name="clientSecretClear" label="Remove the stored client secret" /> : null}
          {p.hasPassword ? <Checkbox name="passwordClear" label="Remove the stored password" /> : null}
        </fieldset>
        {(["voice", "chat"] as const).map((ch) => (
          <fieldset>
            <legend>{ch === "voice" ? "Calls: find the Contact by" : "Chats: find the Contact by"}</legend>
            <div class="grid">
              <Select name={`${ch}Source`} label="Value" value={v[`${ch}Source`]} options={sources} errors={p.errors} />
              <Field
                name={`${ch}Field`}
                label="Contact field"
                value={v[`${ch}Field`]}
                required
                maxLength={161}
                hint="API name, e.g. Phone, Email, AccountNumber__c"
                errors={p.errors}
              />
            </div>
          </fieldset>
        ))}
        <button type="submit">Save Salesforce settings</button>
      </form>
      <TestConnectionForm csrf={p.csrf} configured={p.configured} result={p.test} />
      <section class="card" aria-labelledby="sf-log-h">
        <h2 id="sf-log-h">Call logs</h2>
        <p>{`Written: ${p.tasks.sent}. Waiting or retrying: ${p.tasks.pending}. Failed: ${p.tasks.failed}.`}</p>
        {p.tasks.lastError ? <p class="hint">{`Last failure: ${p.tasks.lastError}`}</p> : null}
      </section>
    </Page>
  );
}

/** Signs in with the saved settings and runs one query; says what worked or failed. */
export function TestConnectionForm({ csrf, configured, result }: { csrf: string; configured: boolean; result?: ConnectionTest }) {
  const hint = configured ? "Uses the saved settings: save changes first." : "Save a login URL, client id and secret first.";
  return (
    <ConnectionTestCard csrf={csrf} id="sf-test" action="/admin/settings/salesforce/test" ready={configured} hint={hint} result={result} />
  );
}
