import { canonicalTimeZone, FormReader } from "../shared/index.ts";
import { attachedFieldsProblem } from "./attached-fields.ts";
import { checkOrigin, hoursProblem, isHostOrIp, linesOf, listProblem } from "./checks.ts";
import { type BusinessHours, MFA_ROLES, type Settings, type SmtpSettings } from "./defaults.ts";

export const MAX_ATTACHED_FIELDS = 10;
export const CLOSED_TREATMENTS = ["offline-form", "announcement", "hangup"] as const;
export const VOICE_CLOSED_TREATMENTS = ["announcement", "hangup"] as const;
/** Ten years: retention beyond that is "for ever" (0). */
export const RETENTION_MAX_DAYS = 3660;
const NAME_LIST = { min: 1, max: 20, maxLength: 40 };

/**
 * Reads the settings form into a complete Settings value. The SMTP password is never sent to the
 * browser, so an empty password field keeps the stored one (unless "remove" is ticked).
 */
export function readSettingsForm(data: Record<string, unknown>, current: Settings): Settings {
  const form = new FormReader(data);
  const host = (name: string, label: string) => {
    const v = form.text(name, { label, max: 253 });
    if (v && !form.errors[name] && !isHostOrIp(v)) form.fail(name, `${label} must be a host name or an IP address`);
    return v;
  };
  const settings: Settings = {
    centerName: form.text("centerName", { label: "Center name", required: true, max: 80 }),
    timeZone: readTimeZone(form),
    publicAddress: host("publicAddress", "Public address"),
    maxOpenInteractions: form.int("maxOpenInteractions", { label: "Maximum open interactions per agent", min: 1, max: 50 }),
    maskDigits: form.int("maskDigits", { label: "Digits left visible when masking", min: 0, max: 10 }),
    strongPasswords: form.bool("strongPasswords"),
    lockoutAfter: form.int("lockoutAfter", { label: "Lock after failed sign-ins", min: 0, max: 20 }),
    mfaRoles: MFA_ROLES.filter((role) => form.bool(`mfa_${role}`)),
    smtp: readSmtp(form, host, current.smtp),
    widgetOrigins: readOrigins(form),
    notReadyReasons: readList(form, "notReadyReasons", "Not Ready reasons", NAME_LIST),
    dispositions: readList(form, "dispositions", "Wrap-up dispositions", NAME_LIST),
    businessHours: readHours(form),
    voiceClosedTreatment: form.oneOf("voiceClosedTreatment", "Calls outside business hours", VOICE_CLOSED_TREATMENTS, "announcement"),
    attachedFields: readList(form, "attachedFields", "Attached-data fields", { min: 0, max: MAX_ATTACHED_FIELDS, maxLength: 40 }),
    retention: {
      transcriptDays: form.int("transcriptDays", {
        label: "Keep chat transcripts and files (days)",
        min: 0,
        max: RETENTION_MAX_DAYS,
        fallback: current.retention.transcriptDays,
      }),
      reportDays: form.int("reportDays", {
        label: "Keep report rows (days)",
        min: 0,
        max: RETENTION_MAX_DAYS,
        fallback: current.retention.reportDays,
      }),
    },
    // Its own page (Admin → Settings → Salesforce) saves it.
    salesforce: current.salesforce,
    sso: current.sso,
  };
  const fieldsProblem = form.errors.attachedFields ? null : attachedFieldsProblem(settings.attachedFields);
  if (fieldsProblem) form.fail("attachedFields", fieldsProblem);
  form.done();
  return settings;
}

function readSmtp(form: FormReader, host: (n: string, l: string) => string, current: SmtpSettings): SmtpSettings {
  const pass = form.text("smtpPass", { label: "SMTP password", max: 200 });
  return {
    host: host("smtpHost", "SMTP host"),
    port: form.int("smtpPort", { label: "SMTP port", min: 1, max: 65535 }),
    secure: form.bool("smtpSecure"),
    user: form.text("smtpUser", { label: "SMTP user", max: 254 }),
    pass: form.bool("smtpPassClear") ? "" : pass || current.pass,
    from: form.email("smtpFrom", "Sender address"),
  };
}

function readTimeZone(form: FormReader): string {
  const name = form.text("timeZone", { label: "Time zone", required: true, max: 64 });
  const zone = canonicalTimeZone(name);
  if (name && !form.errors.timeZone && !zone)
    form.fail("timeZone", `${name} is not a time zone name such as Europe/Rome or America/New_York`);
  return zone ?? name;
}

function readOrigins(form: FormReader): string[] {
  const lines = linesOf(form.text("widgetOrigins", { label: "Widget allowed origins", max: 10_000 }));
  if (lines.length > 50) form.fail("widgetOrigins", "Widget allowed origins: at most 50");
  const origins: string[] = [];
  for (const line of lines) {
    const result = checkOrigin(line);
    if ("problem" in result) {
      form.fail("widgetOrigins", result.problem);
      break;
    }
    if (!origins.includes(result.origin)) origins.push(result.origin);
  }
  return origins;
}

function readList(form: FormReader, name: string, label: string, limits: typeof NAME_LIST): string[] {
  const items = linesOf(form.text(name, { label, max: 10_000 }));
  const problem = form.errors[name] ? null : listProblem(items, label, limits);
  if (problem) form.fail(name, problem);
  return items;
}

function readHours(form: FormReader): BusinessHours {
  const days = [0, 1, 2, 3, 4, 5, 6].map((d) => {
    const value = form.text(`bhDay${d}`, { label: "Hours", max: 20 }).replace(/\s+/g, "");
    const problem = hoursProblem(value);
    if (problem) form.fail(`bhDay${d}`, problem);
    return value;
  });
  return {
    enabled: form.bool("bhEnabled"),
    days,
    closedTreatment: form.oneOf("bhClosedTreatment", "Outside business hours", CLOSED_TREATMENTS),
  };
}
