import { Checkbox, Csrf, type Errors, Field } from "../components/form.tsx";

export type TestMailResult = { ok: boolean; message: string; to?: string; errors?: Errors } | undefined;

/** SMTP for outgoing mail; the stored password is never sent back to the browser. */
export function SmtpSection({ values: v, errors, hasPassword }: { values: Record<string, string>; errors?: Errors; hasPassword: boolean }) {
  return (
    <fieldset>
      <legend>Mail (SMTP)</legend>
      <div class="grid">
        <Field name="smtpHost" label="SMTP host" value={v.smtpHost} maxLength={253} errors={errors} />
        <Field
          name="smtpPort"
          label="SMTP port"
          type="number"
          value={v.smtpPort}
          min={1}
          max={65535}
          hint="1 to 65535, e.g. 587"
          errors={errors}
        />
        <Field name="smtpUser" label="SMTP user" value={v.smtpUser} maxLength={254} autocomplete="off" errors={errors} />
        <Field
          name="smtpPass"
          label="SMTP password"
          type="password"
          maxLength={200}
          autocomplete="new-password"
          hint={hasPassword ? "A password is stored. Leave empty to keep it." : "No password stored."}
          errors={errors}
        />
        <Field name="smtpFrom" label="Sender address" type="email" value={v.smtpFrom} maxLength={254} errors={errors} />
      </div>
      <Checkbox name="smtpSecure" label="TLS on connect (usually port 465)" checked={v.smtpSecure === "on"} />
      {hasPassword ? <Checkbox name="smtpPassClear" label="Remove the stored SMTP password" /> : null}
    </fieldset>
  );
}

/** Queues a test mail with the saved SMTP settings and shows how delivery went. */
export function TestMailForm({ csrf, result }: { csrf: string; result?: TestMailResult }) {
  return (
    <section class="card" id="test-mail" aria-labelledby="test-mail-h">
      <h2 id="test-mail-h">Send test mail</h2>
      <p class="hint">Uses the saved SMTP settings: save changes first.</p>
      {result && !result.errors ? (
        <p class={result.ok ? "notice" : "alert"} role={result.ok ? "status" : "alert"}>
          {result.message}
        </p>
      ) : null}
      <form method="post" action="/admin/settings/test-mail" hx-post="/admin/settings/test-mail" hx-target="#test-mail" hx-swap="outerHTML">
        <Csrf token={csrf} />
        <Field name="testTo" label="Send to" type="email" value={result?.to} required maxLength={254} errors={result?.errors} />
        <button type="submit" class="secondary">
          Send test mail
        </button>
      </form>
    </section>
  );
}
