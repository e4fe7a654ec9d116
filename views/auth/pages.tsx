import { Csrf, CurrentPasswordField, type Errors, Field, FormAlert, FormNotice } from "../components/form.tsx";
import { NewPasswordFields } from "../components/password-fields.tsx";
import { Page } from "../layouts/page.tsx";

type Common = { csrf: string; centerName: string; message?: string | null; errors?: Errors };

/** The password form, and "Sign in with <sso>" when the center has single sign-on. */
export function LoginPage(p: Common & { username?: string; next?: string; notice?: string | null; sso?: string | null }) {
  return (
    <Page title="Sign in" csrf={p.csrf} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Sign in</h1>
        <FormNotice message={p.notice} />
        <FormAlert message={p.message} />
        <form method="post" action="/login">
          <Csrf token={p.csrf} />
          <input type="hidden" name="next" value={p.next ?? ""} />
          <Field name="username" label="Username" value={p.username} required maxLength={64} autocomplete="username" errors={p.errors} />
          <CurrentPasswordField errors={p.errors} />
          <button type="submit">Sign in</button>
        </form>
        <p>
          <a href="/forgot-password">Forgot your password?</a>
        </p>
        {p.sso ? (
          <p>
            <a class="button secondary" href={`/login/sso${p.next ? `?next=${encodeURIComponent(p.next)}` : ""}`}>
              {`Sign in with ${p.sso}`}
            </a>
          </p>
        ) : null}
      </section>
    </Page>
  );
}

export function SetupPage(p: Common & { token: string; values?: { username?: string; fullName?: string; email?: string } }) {
  return (
    <Page title="First-run setup" csrf={p.csrf} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Create the administrator</h1>
        <p>This link works once. The account you create here manages agents, queues and settings.</p>
        <FormAlert message={p.message} />
        <form method="post" action={`/setup/${p.token}`}>
          <Csrf token={p.csrf} />
          <Field name="fullName" label="Full name" value={p.values?.fullName} required maxLength={100} errors={p.errors} />
          <Field
            name="username"
            label="Username"
            value={p.values?.username}
            required
            maxLength={64}
            hint="Letters, digits, . and _"
            errors={p.errors}
          />
          <Field name="email" label="Email" type="email" value={p.values?.email} maxLength={254} errors={p.errors} />
          {/* Before setup nobody can have turned the strong policy on. */}
          <NewPasswordFields strong={false} label="Password" errors={p.errors} />
          <button type="submit">Create administrator</button>
        </form>
      </section>
    </Page>
  );
}

export function ForgotPage(p: Common & { sent?: boolean; email?: string }) {
  return (
    <Page title="Forgotten password" csrf={p.csrf} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Forgotten password</h1>
        {p.sent ? (
          <p class="notice" role="status">
            If an account uses that address, a link to set a new password is on its way. The link works once, within one hour.
          </p>
        ) : (
          <>
            <FormAlert message={p.message} />
            <form method="post" action="/forgot-password">
              <Csrf token={p.csrf} />
              <Field name="email" label="Email" type="email" value={p.email} required maxLength={254} errors={p.errors} />
              <button type="submit">Send me a link</button>
            </form>
          </>
        )}
        <p>
          <a href="/login">Back to sign in</a>
        </p>
      </section>
    </Page>
  );
}

export function SetPasswordPage(p: Common & { token: string; username: string; strong: boolean }) {
  return (
    <Page title="Set your password" csrf={p.csrf} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Set your password</h1>
        <p>
          Account: <strong>{p.username}</strong>
        </p>
        <FormAlert message={p.message} />
        <form method="post" action={`/password/${p.token}`}>
          <Csrf token={p.csrf} />
          <NewPasswordFields strong={p.strong} errors={p.errors} />
          <button type="submit">Save password</button>
        </form>
      </section>
    </Page>
  );
}

export function LinkProblemPage(p: Common & { problem: string }) {
  return (
    <Page title="Link problem" csrf={p.csrf} centerName={p.centerName}>
      <section class="narrow card">
        <h1>This link cannot be used</h1>
        <p role="alert">{p.problem}</p>
        <p>
          <a href="/forgot-password">Ask for a new link</a> · <a href="/login">Sign in</a>
        </p>
      </section>
    </Page>
  );
}
