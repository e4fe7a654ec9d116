import { raw } from "hono/html";
import { renderSVG } from "uqr";
import { Csrf, type Errors, Field, FormAlert } from "../components/form.tsx";
import { Page } from "../layouts/page.tsx";

type Common = { csrf: string; centerName: string; message?: string | null; errors?: Errors };

/** The 6-digit code field, also taking a recovery code where that is allowed. */
export function CodeField({ errors, recovery }: { errors?: Errors; recovery?: boolean }) {
  return (
    <Field
      name="code"
      label={recovery ? "Code from your authenticator app, or a recovery code" : "Code from your authenticator app"}
      required
      maxLength={20}
      autocomplete="one-time-code"
      errors={errors}
    />
  );
}

/** The second step of sign-in: the code, or a recovery code. */
export function SignInCodePage(p: Common) {
  return (
    <Page title="Two-step sign-in" csrf={p.csrf} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Two-step sign-in</h1>
        <p>Type the 6-digit code your authenticator app shows for this account. Lost your phone? Use one of your recovery codes.</p>
        <FormAlert message={p.message} />
        <form method="post" action="/login/code">
          <Csrf token={p.csrf} />
          <CodeField errors={p.errors} recovery />
          <button type="submit">Verify</button>
        </form>
        <p>
          <a href="/login">Start again</a>
        </p>
      </section>
    </Page>
  );
}

/** The QR code and the same secret for typing in, then the first code that confirms them. */
export function EnrolSteps(p: { csrf: string; action: string; uri: string; secret: string; errors?: Errors }) {
  return (
    <>
      <ol>
        <li>Open an authenticator app on your phone and scan this code, or type the key below into it.</li>
        <li>Type the 6-digit code the app then shows.</li>
      </ol>
      <figure class="qr" aria-label="QR code for your authenticator app">
        {raw(renderSVG(p.uri, { border: 2 }))}
      </figure>
      <p>
        Key for typing in: <code data-testid="totp-secret">{p.secret.replace(/(.{4})/g, "$1 ").trim()}</code>
      </p>
      <form method="post" action={p.action}>
        <Csrf token={p.csrf} />
        <CodeField errors={p.errors} />
        <button type="submit">Turn on two-step sign-in</button>
      </form>
    </>
  );
}

/** Shown once after enrolment or regeneration: the codes are stored only hashed. */
export function RecoveryCodesList({ codes }: { codes: string[] }) {
  return (
    <div role="status">
      <p>
        <strong>Save these recovery codes now.</strong> Each one signs you in once if you lose your phone. They are not shown again.
      </p>
      <ul class="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Enrolment required by the center's policy, between the password and the session. */
export function SignInEnrolPage(p: Common & { uri: string; secret: string }) {
  return (
    <Page title="Set up two-step sign-in" csrf={p.csrf} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Set up two-step sign-in</h1>
        <p>Your administrator requires a second step at sign-in for your account. Set it up to continue.</p>
        <FormAlert message={p.message} />
        <EnrolSteps csrf={p.csrf} action="/login/enrol" uri={p.uri} secret={p.secret} errors={p.errors} />
      </section>
    </Page>
  );
}

export function SignInRecoveryPage(p: Common & { codes: string[]; next: string }) {
  return (
    <Page title="Recovery codes" csrf={p.csrf} centerName={p.centerName}>
      <section class="narrow card">
        <h1>Two-step sign-in is on</h1>
        <RecoveryCodesList codes={p.codes} />
        <p>
          <a href={p.next}>I have saved them: continue</a>
        </p>
      </section>
    </Page>
  );
}
