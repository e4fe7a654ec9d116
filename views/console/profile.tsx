import type { Role } from "../../src/auth/index.ts";
import { options, POSITION_LABELS, ROLE_LABELS } from "../admin/agents-labels.ts";
import { Checkbox, Csrf, CurrentPasswordField, type Errors, Field, FormAlert, Select, FormNotice } from "../components/form.tsx";
import { NewPasswordFields } from "../components/password-fields.tsx";
import { Page } from "../layouts/page.tsx";

export type ProfileValues = { fullName: string; alias: string; notifySound: boolean; notifyDesktop: boolean; notifyPosition: string };

type Props = {
  csrf: string;
  centerName: string;
  me: { id: string; fullName: string; username: string; role: Role; extension: string | null; hasAvatar: boolean };
  values: ProfileValues;
  departments: { name: string; channel: string }[];
  strongPasswords: boolean;
  twoStepOn: boolean;
  notice?: string | null;
  message?: string | null;
  errors?: Errors;
  passwordErrors?: Errors;
  avatarError?: string | null;
};

/** My profile (FEATURES C5): name, alias, password, avatar, departments, notifications. */
export function ProfilePage(p: Props) {
  return (
    <Page title="Profile" csrf={p.csrf} user={p.me} centerName={p.centerName}>
      <h1>My profile</h1>
      <FormNotice message={p.notice} />
      <FormAlert message={p.message} />
      <div class="row">
        <DetailsCard {...p} />
        <div>
          <AvatarCard csrf={p.csrf} me={p.me} error={p.avatarError} />
          <section class="card" aria-labelledby="dep-h">
            <h2 id="dep-h">Departments I work in</h2>
            {p.departments.length ? (
              <ul>
                {p.departments.map((d) => (
                  <li>
                    {d.name} <span class="badge">{d.channel}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">None yet. An administrator adds you to queues.</p>
            )}
            <p>
              <a href="/profile/predefined">My predefined messages</a>
            </p>
          </section>
        </div>
      </div>
      <PasswordCard csrf={p.csrf} strong={p.strongPasswords} errors={p.passwordErrors} />
      <section class="card narrow" aria-labelledby="two-h">
        <h2 id="two-h">Two-step sign-in</h2>
        <p>{p.twoStepOn ? "On: sign-in asks for a code from your authenticator app." : "Off: sign-in asks only for your password."}</p>
        <p>
          <a href="/profile/two-step">{p.twoStepOn ? "Manage two-step sign-in" : "Set up two-step sign-in"}</a>
        </p>
      </section>
    </Page>
  );
}

function DetailsCard({ csrf, me, values: v, errors }: Props) {
  return (
    <section class="card" aria-labelledby="me-h">
      <h2 id="me-h">My details</h2>
      <dl>
        <dt>Username</dt>
        <dd>{me.username}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[me.role]}</dd>
        <dt>Extension</dt>
        <dd>{me.extension ?? "none"}</dd>
      </dl>
      <form method="post" action="/profile">
        <Csrf token={csrf} />
        <Field name="fullName" label="Full name" value={v.fullName} required maxLength={100} errors={errors} />
        <Field name="alias" label="Alias shown to customers" value={v.alias} maxLength={100} errors={errors} />
        <fieldset>
          <legend>Notifications of new work</legend>
          <Checkbox name="notifySound" label="Play a sound" checked={v.notifySound} />
          <Checkbox name="notifyDesktop" label="Show a desktop notification" checked={v.notifyDesktop} />
          <Select
            name="notifyPosition"
            label="Popup position"
            value={v.notifyPosition}
            options={options(POSITION_LABELS)}
            errors={errors}
          />
        </fieldset>
        <button type="submit">Save my details</button>
      </form>
    </section>
  );
}

function AvatarCard({ csrf, me, error }: { csrf: string; me: Props["me"]; error?: string | null }) {
  return (
    <section class="card" aria-labelledby="av-h">
      <h2 id="av-h">Avatar</h2>
      {me.hasAvatar ? <img class="avatar" src={`/avatars/${me.id}`} alt="My avatar" /> : <p class="muted">No avatar yet.</p>}
      <form method="post" action="/profile/avatar" enctype="multipart/form-data">
        <Csrf token={csrf} />
        <div class={error ? "field invalid" : "field"}>
          <label for="f-avatar">Image (PNG or JPEG, at most 8 MB)</label>
          <input
            id="f-avatar"
            name="avatar"
            type="file"
            accept="image/png,image/jpeg"
            required
            aria-describedby={error ? "f-avatar-error" : undefined}
          />
          {error ? (
            <small id="f-avatar-error" class="error">
              {error}
            </small>
          ) : null}
        </div>
        <button type="submit">Upload avatar</button>
      </form>
      {me.hasAvatar ? (
        <form method="post" action="/profile/avatar/delete">
          <Csrf token={csrf} />
          <button type="submit" class="secondary">
            Remove avatar
          </button>
        </form>
      ) : null}
    </section>
  );
}

function PasswordCard({ csrf, strong, errors }: { csrf: string; strong: boolean; errors?: Errors }) {
  return (
    <section class="card narrow" aria-labelledby="pw-h">
      <h2 id="pw-h">Change my password</h2>
      <form method="post" action="/profile/password">
        <Csrf token={csrf} />
        <CurrentPasswordField name="current" label="Current password" errors={errors} />
        <NewPasswordFields strong={strong} repeatLabel="Repeat new password" errors={errors} />
        <button type="submit">Change password</button>
      </form>
      <p class="hint">Your other sign-ins end when you change it.</p>
    </section>
  );
}
