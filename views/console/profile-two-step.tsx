import type { Role } from "../../src/auth/index.ts";
import { EnrolSteps, CodeField, RecoveryCodesList } from "../auth/two-step.tsx";
import { Csrf, CurrentPasswordField, type Errors, FormAlert } from "../components/form.tsx";
import { Page } from "../layouts/page.tsx";

type Props = {
  csrf: string;
  centerName: string;
  me: { id: string; fullName: string; role: Role };
  /** Set-up in progress: the QR/key and the form for the first code. */
  enrol?: { uri: string; secret: string };
  /** Two-step sign-in on: how many recovery codes are left. */
  on?: { recoveryLeft: number };
  /** Recovery codes just made, shown once. */
  codes?: string[];
  message?: string | null;
  errors?: Errors;
};

/** My two-step sign-in: set it up, see the new recovery codes once, make new ones, turn it off. */
export function TwoStepPage(p: Props) {
  return (
    <Page title="Two-step sign-in" csrf={p.csrf} user={p.me} centerName={p.centerName}>
      <h1>Two-step sign-in</h1>
      <FormAlert message={p.message} />
      {p.codes ? <RecoveryCodesList codes={p.codes} /> : null}
      {p.enrol ? (
        <section class="card narrow" aria-labelledby="enrol-h">
          <h2 id="enrol-h">Set up two-step sign-in</h2>
          <EnrolSteps csrf={p.csrf} action="/profile/two-step/confirm" uri={p.enrol.uri} secret={p.enrol.secret} errors={p.errors} />
        </section>
      ) : null}
      {p.on ? <OnCards csrf={p.csrf} recoveryLeft={p.on.recoveryLeft} errors={p.errors} /> : null}
      <p>
        <a href="/profile">Back to my profile</a>
      </p>
    </Page>
  );
}

function OnCards({ csrf, recoveryLeft, errors }: { csrf: string; recoveryLeft: number; errors?: Errors }) {
  return (
    <>
      <p role="status">
        Two-step sign-in is <strong>on</strong>. Recovery codes left: {recoveryLeft}.
      </p>
      <section class="card narrow" aria-labelledby="rc-h">
        <h2 id="rc-h">New recovery codes</h2>
        <p>The old codes stop working.</p>
        <form method="post" action="/profile/two-step/recovery">
          <Csrf token={csrf} />
          <CodeField errors={errors} />
          <button type="submit">Make new recovery codes</button>
        </form>
      </section>
      <section class="card narrow" aria-labelledby="off-h">
        <h2 id="off-h">Turn off two-step sign-in</h2>
        <form method="post" action="/profile/two-step/off">
          <Csrf token={csrf} />
          <CurrentPasswordField errors={errors} />
          <CodeField errors={errors} recovery />
          <button type="submit" class="secondary">
            Turn off
          </button>
        </form>
      </section>
    </>
  );
}
