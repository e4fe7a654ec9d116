/** Center-wide settings (FEATURES A6, A8). */
export { SETTING_DEFAULTS, type BusinessHours, type Settings, type SmtpSettings } from "./defaults.ts";
export { getSettings, saveSettings } from "./settings.ts";
