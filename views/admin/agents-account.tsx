import { Csrf, type Errors } from "../components/form.tsx";
import { NewPasswordFields } from "../components/password-fields.tsx";

export type PanelTarget = {
  id: string;
  fullName: string;
  username: string;
  email: string;
  hasAvatar: boolean;
  locked: boolean;
  failedLogins: number;
  /** Sign-in blocked from some addresses after failed sign-ins; it ends by itself. */
  pause: { minutesLeft: number; failures: number; addresses: number } | null;
  typology: "browser" | "sip";
  strongPasswords: boolean;
  /** Has the user turned on two-step sign-in (TOTP)? */
  hasTotp: boolean;
};
export type OneTime = { sipSecret?: string | null; setPasswordLink?: string | null; resetLink?: string | null };

/** Secrets shown to the admin exactly once, right after they were made. */
export function OneTimeSecrets({ sipSecret, setPasswordLink, resetLink }: OneTime) {
  if (!sipSecret && !setPasswordLink && !resetLink) return null;
  return (
    <section class="card" aria-labelledby="once-h" role="status">
      <h2 id="once-h">Copy this now: it is shown only once</h2>
      <dl>
        {sipSecret ? (
          <>
            <dt>SIP digest secret</dt>
            <dd>
              <code id="sip-secret">{sipSecret}</code>
            </dd>
          </>
        ) : null}
        {setPasswordLink ? (
          <>
            <dt>Set-password link (works once, within 7 days). This user has no email, so hand it over yourself.</dt>
            <dd>
              <code id="set-password-link">{setPasswordLink}</code>
            </dd>
          </>
        ) : null}
        {resetLink ? (
          <>
            <dt>Password link (works once, within one hour)</dt>
            <dd>
              <code id="reset-link">{resetLink}</code>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

/** Password, SIP secret, unlock and delete: the actions beside the edit form. */
export function AccountPanels({ csrf, target, errors }: { csrf: string; target: PanelTarget; errors?: Errors }) {
  const base = `/admin/agents/${target.id}`;
  return (
    <div>
      <section class="card" aria-labelledby="pw-h">
        <h2 id="pw-h">Password</h2>
        <form method="post" action={`${base}/reset-link`}>
          <Csrf token={csrf} />
          <button type="submit" class="secondary">
            {target.email ? "Send password reset link" : "Make a password link"}
          </button>
        </form>
        <form method="post" action={`${base}/password`}>
          <Csrf token={csrf} />
          <NewPasswordFields strong={target.strongPasswords} errors={errors} />
          <button type="submit">Set password</button>
        </form>
      </section>
      {target.typology === "sip" ? (
        <section class="card" aria-labelledby="sip-h">
          <h2 id="sip-h">SIP phone</h2>
          <p>
            The phone registers as <code>{target.username}</code> with its digest secret.
          </p>
          <form method="post" action={`${base}/sip-secret`}>
            <Csrf token={csrf} />
            <button type="submit" class="secondary">
              Generate a new SIP secret
            </button>
          </form>
        </section>
      ) : null}
      {target.locked || target.pause ? (
        <section class="card" aria-labelledby="lock-h">
          <h2 id="lock-h">{target.locked ? "Locked" : "Sign-in paused"}</h2>
          {target.locked ? <p>This account cannot sign in until it is unlocked.</p> : null}
          {target.pause ? <p>{pauseText(target.pause)}</p> : null}
          <form method="post" action={`${base}/unlock`}>
            <Csrf token={csrf} />
            <button type="submit">Unlock account</button>
          </form>
        </section>
      ) : null}
      {target.hasTotp ? (
        <section class="card" aria-labelledby="mfa-h">
          <h2 id="mfa-h">Two-step sign-in</h2>
          <p>
            On. If the user lost their phone and recovery codes, reset it: they are signed out and sign in next with their password alone
            (or set it up again where their role requires it).
          </p>
          <form method="post" action={`${base}/reset-mfa`}>
            <Csrf token={csrf} />
            <button type="submit" class="secondary">
              Reset MFA
            </button>
          </form>
        </section>
      ) : null}
      <p>
        <a href={`${base}/delete`}>Delete this user…</a>
      </p>
    </div>
  );
}

function pauseText(p: NonNullable<PanelTarget["pause"]>): string {
  const from = p.addresses === 1 ? "one address" : `${p.addresses} addresses`;
  const minutes = p.minutesLeft === 1 ? "1 more minute" : `${p.minutesLeft} more minutes`;
  return `${p.failures} failed sign-ins from ${from}: sign-in from there is paused for ${minutes}. Other addresses can still sign in.`;
}
