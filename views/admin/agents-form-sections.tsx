import type { UserFormValues } from "../../src/auth/index.ts";
import { Checkbox, type Errors, Field, Select, TextArea } from "../components/form.tsx";
import { options, PERMISSION_LABELS, POSITION_LABELS, ROLE_LABELS, TYPOLOGY_LABELS } from "./agents-labels.ts";

type Section = { v: UserFormValues; errors?: Errors };

export function IdentitySection({ v, errors }: Section) {
  return (
    <fieldset>
      <legend>Identity</legend>
      <div class="grid">
        <Field name="fullName" label="Full name" value={v.fullName} required maxLength={100} errors={errors} />
        <Field
          name="username"
          label="Username"
          value={v.username}
          required
          maxLength={64}
          hint="Letters, digits, . and _"
          errors={errors}
        />
        <Select name="role" label="Role" value={v.role} options={options(ROLE_LABELS)} errors={errors} />
        <Field name="alias" label="Alias shown to customers" value={v.alias} maxLength={100} errors={errors} />
        <Field name="email" label="Email" type="email" value={v.email} maxLength={254} errors={errors} />
        <Field
          name="extension"
          label="Extension"
          value={v.extension}
          maxLength={8}
          hint="2 to 8 digits; leave blank for the next free number from 1001"
          errors={errors}
        />
      </div>
      <TextArea name="description" label="Description" value={v.description} maxLength={500} errors={errors} />
    </fieldset>
  );
}

export function PhoneSection({ v, errors }: Section) {
  return (
    <fieldset>
      <legend>Phone and work</legend>
      <div class="grid">
        <Select name="typology" label="Typology" value={v.typology} options={options(TYPOLOGY_LABELS)} errors={errors} />
        <Select
          name="notifyPosition"
          label="Notification position"
          value={v.notifyPosition}
          options={options(POSITION_LABELS)}
          errors={errors}
        />
      </div>
      <Checkbox name="loginNotReady" label="Log in as Not Ready" checked={v.loginNotReady} />
      <Checkbox name="maskSensitive" label="Mask sensitive data (customer numbers and emails)" checked={v.maskSensitive} />
    </fieldset>
  );
}

export function AccountSection({ v, errors, failedLogins }: Section & { failedLogins?: number }) {
  return (
    <fieldset>
      <legend>Account</legend>
      <Checkbox name="disabled" label="Disabled" checked={v.disabled} hint="A disabled user cannot sign in." />
      {errors?.disabled ? <small class="error">{errors.disabled}</small> : null}
      <Checkbox
        name="locked"
        label="Locked"
        checked={v.locked}
        hint={
          failedLogins
            ? `A locked account cannot sign in. ${failedLogins} failed sign-ins; unlocking resets the count.`
            : "A locked account cannot sign in until it is unlocked."
        }
      />
      {errors?.locked ? <small class="error">{errors.locked}</small> : null}
    </fieldset>
  );
}

const CAPACITY = [["capChat", "Chat"]] as const;
const AUTO_ANSWER = [
  ["autoAnswerVoice", "Voice"],
  ["autoAnswerChat", "Chat"],
] as const;

export function CapacitySection({ v, errors }: Section) {
  return (
    <fieldset>
      <legend>Capacity and auto-answer</legend>
      <p class="hint">Open interactions per channel at once (0 = unlimited, at most 50; voice is always 1).</p>
      <div class="grid">
        {CAPACITY.map(([name, label]) => (
          <Field name={name} label={`${label} capacity`} type="number" min={0} max={50} value={v[name]} errors={errors} />
        ))}
      </div>
      <p class="hint">Auto-answer after this many seconds (0 to 60; empty = off).</p>
      <div class="grid">
        {AUTO_ANSWER.map(([name, label]) => (
          <Field name={name} label={`${label} auto-answer delay`} type="number" min={0} max={60} value={v[name]} errors={errors} />
        ))}
      </div>
    </fieldset>
  );
}

/** A group of checkboxes sharing one field name, one per value. */
export function CheckGroup(p: {
  legend: string;
  name: string;
  chosen: string[];
  items: [string, string][];
  errors?: Errors;
  empty?: string;
}) {
  return (
    <fieldset>
      <legend>{p.legend}</legend>
      {p.items.length ? null : <p class="muted">{p.empty ?? "None yet."}</p>}
      {p.items.map(([value, label]) => (
        <div class="field check">
          <label>
            <input type="checkbox" name={p.name} value={value} checked={p.chosen.includes(value)} /> {label}
          </label>
        </div>
      ))}
      {p.errors?.[p.name] ? <small class="error">{p.errors[p.name]}</small> : null}
    </fieldset>
  );
}

export function PermissionsSection({ v, errors }: Section) {
  return <CheckGroup legend="Permissions" name="permissions" chosen={v.permissions} items={options(PERMISSION_LABELS)} errors={errors} />;
}

export function AvatarField({ errors, current }: { errors?: Errors; current?: string | null }) {
  const error = errors?.avatar;
  return (
    <fieldset>
      <legend>Avatar</legend>
      {current ? <img class="avatar" src={current} alt="Current avatar" /> : null}
      <div class={error ? "field invalid" : "field"}>
        <label for="f-avatar">Upload an image (PNG or JPEG, at most 8 MB)</label>
        <input
          id="f-avatar"
          name="avatar"
          type="file"
          accept="image/png,image/jpeg"
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "f-avatar-error" : undefined}
        />
        {error ? (
          <small id="f-avatar-error" class="error">
            {error}
          </small>
        ) : null}
      </div>
      {current ? <Checkbox name="removeAvatar" label="Remove the avatar" /> : null}
    </fieldset>
  );
}
