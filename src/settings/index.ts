/** Center-wide settings (FEATURES A6, A8). */
export {
  MFA_ROLES,
  type MfaRole,
  SETTING_DEFAULTS,
  type BusinessHours,
  type Retention,
  type SalesforceLookup,
  type SalesforceSettings,
  type Settings,
  type SmtpSettings,
  type SsoSettings,
} from "./defaults.ts";
export {
  /** Reads the admin settings form into a complete Settings value (ValidationError per field); blank SMTP password keeps the stored one. */
  readSettingsForm,
  CLOSED_TREATMENTS,
  VOICE_CLOSED_TREATMENTS,
  MAX_ATTACHED_FIELDS,
  RETENTION_MAX_DAYS,
} from "./settings-form.ts";
export { attachedFieldsProblem, fieldKey, namedAttachedData } from "./attached-fields.ts";
export { isLocalHost, plainHttpOrigins } from "./checks.ts";
export { getSettings, saveSettings, settingsChangeDetail } from "./settings.ts";
export { withinBusinessHours } from "./business-hours.ts";
