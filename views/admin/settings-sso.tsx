import { MFA_ROLE_LABELS as ROLE_LABELS, MFA_ROLES as ROLES } from "./settings.tsx";
import { SecretField } from "../components/secret-field.tsx";
import { type ConnectionTest, ConnectionTestCard } from "../components/connection-test.tsx";
import { Checkbox, Csrf, type Errors, Field, FormAlert, FormNotice } from "../components/form.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";

export type SsoValues = Record<string, string>;

type Props = Frame & {
  values: SsoValues;
  /** A client secret is stored: said as "set", never sent back. */
  hasSecret: boolean;
  configured: boolean;
  /** What to register at the provider as the redirect (callback) URI. */
  redirectUri: string;
  errors?: Errors;
  message?: string | null;
  notice?: string | null;
  test?: ConnectionTest;
};

/** Admin → Settings → Single sign-on (FEATURES A10): the OpenID provider, the button, who may or must use it. */
export function SsoPage(p: Props) {
  const v = p.values;
  return (
    <Page title="Single sign-on" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <p>
        <a href="/admin/settings">← Settings</a>
      </p>
      <h1>Single sign-on</h1>
      <p class="hint">
        With an OpenID Connect provider set up, the login page shows a "Sign in with …" button. It signs in existing accounts only: nobody
        is created. Leave the issuer URL empty to turn it off.
      </p>
      <p>
        Register this redirect URI at the provider: <code data-testid="sso-redirect-uri">{p.redirectUri}</code>
      </p>
      <FormNotice message={p.notice} />
      <FormAlert message={p.message} />
      <form method="post" action="/admin/settings/sso" class="card">
        <Csrf token={p.csrf} />
        <fieldset>
          <legend>Provider</legend>
          <div class="grid">
            <Field
              name="issuer"
              label="Issuer URL"
              value={v.issuer}
              maxLength={300}
              hint="e.g. https://login.example.com/realms/center (its /.well-known/openid-configuration is read)"
              errors={p.errors}
            />
            <Field name="clientId" label="Client id" value={v.clientId} maxLength={300} autocomplete="off" errors={p.errors} />
            <SecretField
              name="clientSecret"
              label="Client secret"
              stored={p.hasSecret}
              unsetHint="Not set (a public client signs in with PKCE alone)."
              errors={p.errors}
            />
            <Field
              name="label"
              label="Button label"
              value={v.label}
              maxLength={40}
              hint='The button reads "Sign in with <label>"'
              errors={p.errors}
            />
            <Field
              name="matchClaim"
              label="Claim that finds the account"
              value={v.matchClaim}
              required
              maxLength={64}
              hint="email: the provider's verified email matches the account's email. Another claim (e.g. preferred_username) matches the username."
              errors={p.errors}
            />
          </div>
          {p.hasSecret ? <Checkbox name="clientSecretClear" label="Remove the stored client secret" /> : null}
        </fieldset>
        <fieldset>
          <legend>May sign in with it</legend>
          {ROLES.map((role) => (
            <Checkbox name={`allowed_${role}`} label={ROLE_LABELS[role]} checked={v[`allowed_${role}`] === "on"} />
          ))}
        </fieldset>
        <fieldset aria-describedby="sso-required-hint">
          <legend>Must sign in with it (their password is refused)</legend>
          {ROLES.filter((role) => role !== "admin").map((role) => (
            <Checkbox name={`required_${role}`} label={ROLE_LABELS[role]} checked={v[`required_${role}`] === "on"} />
          ))}
          <small class="hint" id="sso-required-hint">
            Admins always keep their password, so the center can be reached when the provider is down.
          </small>
          {p.errors?.required ? <small class="error">{p.errors.required}</small> : null}
        </fieldset>
        <button type="submit">Save single sign-on settings</button>
      </form>
      <SsoTestCard csrf={p.csrf} ready={p.configured} result={p.test} />
    </Page>
  );
}

/** Reads the saved provider's discovery document and says what was found or what failed. */
export function SsoTestCard({ csrf, ready, result }: { csrf: string; ready: boolean; result?: ConnectionTest }) {
  const hint = ready
    ? "Reads the saved provider's discovery document: save changes first."
    : "Save an issuer URL, client id and button label first.";
  return <ConnectionTestCard csrf={csrf} id="sso-test" action="/admin/settings/sso/test" ready={ready} hint={hint} result={result} />;
}
