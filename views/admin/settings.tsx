import type { MfaRole, Settings } from "../../src/settings/index.ts";
import { Checkbox, Csrf, type Errors, Field, FormAlert, FormNotice } from "../components/form.tsx";
import { STRONG_PASSWORD_HINT } from "../components/password-fields.tsx";
import type { Frame } from "../components/page-frame.ts";
import { Page } from "../layouts/page.tsx";
import { AttachedFieldsSection, BusinessHoursSection, ListsSection } from "./settings-lists.tsx";
import { SmtpSection, TestMailForm, type TestMailResult } from "./settings-mail.tsx";
import { RetentionSection } from "./settings-retention.tsx";
import { WidgetSetup, type WidgetSetupProps } from "./settings-widget.tsx";

/** The form's values as typed, so a rejected form comes back as it was sent. */
export type SettingsValues = Record<string, string>;

export const MFA_ROLE_LABELS: Record<MfaRole, string> = { admin: "Admins", supervisor: "Supervisors", agent: "Agents" };
export const MFA_ROLES = Object.keys(MFA_ROLE_LABELS) as MfaRole[];

export function valuesOfSettings(s: Settings): SettingsValues {
  const on = (b: boolean) => (b ? "on" : "");
  const days = Object.fromEntries(s.businessHours.days.map((d, i) => [`bhDay${i}`, d]));
  return {
    centerName: s.centerName,
    timeZone: s.timeZone,
    publicAddress: s.publicAddress,
    maxOpenInteractions: String(s.maxOpenInteractions),
    maskDigits: String(s.maskDigits),
    strongPasswords: on(s.strongPasswords),
    lockoutAfter: String(s.lockoutAfter),
    ...Object.fromEntries(MFA_ROLES.map((role) => [`mfa_${role}`, on(s.mfaRoles.includes(role))])),
    smtpHost: s.smtp.host,
    smtpPort: String(s.smtp.port),
    smtpSecure: on(s.smtp.secure),
    smtpUser: s.smtp.user,
    smtpFrom: s.smtp.from,
    widgetOrigins: s.widgetOrigins.join("\n"),
    notReadyReasons: s.notReadyReasons.join("\n"),
    dispositions: s.dispositions.join("\n"),
    bhEnabled: on(s.businessHours.enabled),
    bhClosedTreatment: s.businessHours.closedTreatment,
    voiceClosedTreatment: s.voiceClosedTreatment,
    attachedFields: s.attachedFields.join("\n"),
    transcriptDays: String(s.retention.transcriptDays),
    reportDays: String(s.retention.reportDays),
    ...days,
  };
}

type Props = Frame & {
  values: SettingsValues;
  /** The stored settings (what is in effect now). */
  saved: Settings;
  errors?: Errors;
  message?: string | null;
  notice?: string | null;
  testMail?: TestMailResult;
  widget: WidgetSetupProps;
};

/** Admin → Settings (FEATURES A6, A8). */
export function SettingsPage(p: Props) {
  const v = p.values;
  return (
    <Page title="Settings" csrf={p.csrf} user={p.user} centerName={p.centerName}>
      <h1>Settings</h1>
      <p>
        Integrations: <a href="/admin/settings/salesforce">Salesforce</a>. Sign-in: <a href="/admin/settings/sso">Single sign-on</a>
      </p>
      <FormNotice message={p.notice} />
      <FormAlert message={p.message} />
      <form method="post" action="/admin/settings" class="card">
        <Csrf token={p.csrf} />
        <fieldset>
          <legend>Center</legend>
          <div class="grid">
            <Field name="centerName" label="Center name" value={v.centerName} required maxLength={80} errors={p.errors} />
            <Field
              name="timeZone"
              label="Time zone"
              value={v.timeZone}
              required
              maxLength={64}
              list="time-zones"
              hint="IANA name, e.g. Europe/Rome; every time agents, supervisors and admins see is in this zone"
              errors={p.errors}
            />
            <datalist id="time-zones">
              {Intl.supportedValuesOf("timeZone").map((z) => (
                <option value={z}></option>
              ))}
            </datalist>
            <Field
              name="publicAddress"
              label="Public address"
              value={v.publicAddress}
              maxLength={253}
              hint="Host name or IP address reachable by the trunk and phones (for SIP/RTP behind NAT); empty = this box's own address"
              errors={p.errors}
            />
            <Field
              name="maxOpenInteractions"
              label="Maximum open interactions per agent"
              type="number"
              value={v.maxOpenInteractions}
              min={1}
              max={50}
              hint="1 to 50"
              errors={p.errors}
            />
            <Field
              name="maskDigits"
              label="Digits left visible when masking"
              type="number"
              value={v.maskDigits}
              min={0}
              max={10}
              hint="0 to 10; for agents who see customer numbers masked"
              errors={p.errors}
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Sign-in</legend>
          <Checkbox
            name="strongPasswords"
            label="Require strong passwords"
            checked={v.strongPasswords === "on"}
            hint={STRONG_PASSWORD_HINT}
          />
          <Field
            name="lockoutAfter"
            label="Lock after failed sign-ins"
            type="number"
            value={v.lockoutAfter}
            min={0}
            max={20}
            hint="Wrong passwords for one username from one address before sign-in from there pauses for 1, 2, 4 … up to 60 minutes; 0 = never; at most 20"
            errors={p.errors}
          />
          <MfaPolicy values={v} />
        </fieldset>
        <SmtpSection values={v} errors={p.errors} hasPassword={Boolean(p.saved.smtp.pass)} />
        <ListsSection values={v} errors={p.errors} />
        <BusinessHoursSection values={v} errors={p.errors} />
        <AttachedFieldsSection values={v} errors={p.errors} saved={p.saved.attachedFields} />
        <RetentionSection values={v} errors={p.errors} />
        <button type="submit">Save settings</button>
      </form>
      <TestMailForm csrf={p.csrf} result={p.testMail} />
      <WidgetSetup {...p.widget} />
    </Page>
  );
}

/** Which roles must use two-step sign-in; the sign-in flow reads it and sends those without it to enrol. */
function MfaPolicy({ values }: { values: SettingsValues }) {
  return (
    <fieldset>
      <legend>Require two-step sign-in for</legend>
      {MFA_ROLES.map((role) => (
        <Checkbox name={`mfa_${role}`} label={MFA_ROLE_LABELS[role]} checked={values[`mfa_${role}`] === "on"} />
      ))}
      <small class="hint">
        Users of a ticked role who have not set it up are asked to right after their password, before anything else.
      </small>
    </fieldset>
  );
}
