import { BOX_TIME_ZONE } from "../shared/index.ts";

/** Center-wide settings (FEATURES A6, A8) with their defaults. */
export type SmtpSettings = { host: string; port: number; secure: boolean; user: string; pass: string; from: string };
export type BusinessHours = {
  enabled: boolean;
  /** Per weekday (0 = Sunday): "HH:MM-HH:MM" or "" when closed. */
  days: string[];
  closedTreatment: "offline-form" | "announcement" | "hangup";
};

/** Which value of an interaction finds its Salesforce Contact: the customer's address or an attached-data field, matched against a Contact field. */
export type SalesforceLookup = { source: string; field: string };
/** The Salesforce connection (FEATURES I1); off while loginUrl is empty. Secrets are never shown back. */
export type SalesforceSettings = {
  loginUrl: string;
  flow: "client_credentials" | "password";
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  lookup: { voice: SalesforceLookup; chat: SalesforceLookup };
};
export const MFA_ROLES = ["admin", "supervisor", "agent"] as const;
export type MfaRole = (typeof MFA_ROLES)[number];
/** Single sign-on with OpenID Connect (FEATURES A10); off while issuer is empty. The secret is never shown back. */
export type SsoSettings = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The button reads "Sign in with <label>". */
  label: string;
  /** "email": the verified email finds the account; any other claim name: that claim's value is the username. */
  matchClaim: string;
  /** Roles that may sign in with it. */
  allowedRoles: MfaRole[];
  /** Roles that must: their password sign-in is refused (never admin, who keeps the password as the way in when the provider is down). */
  requiredRoles: MfaRole[];
};

/** How long kept data lives (FEATURES S4 data lifecycle); 0 keeps it for ever. The nightly purge reads it. */
export type Retention = {
  /** Chat messages and files, counted from the chat's start. */
  transcriptDays: number;
  /** Rows of the reporting log that reports count from. */
  reportDays: number;
};

export type Settings = {
  centerName: string;
  /** IANA name of the zone every time shown to agents, supervisors and admins is in. */
  timeZone: string;
  publicAddress: string;
  maxOpenInteractions: number;
  maskDigits: number;
  strongPasswords: boolean;
  lockoutAfter: number;
  smtp: SmtpSettings;
  widgetOrigins: string[];
  notReadyReasons: string[];
  dispositions: string[];
  businessHours: BusinessHours;
  /** What a call to a voice queue gets outside business hours: the closed announcement then a hang-up, or a refusal. */
  voiceClosedTreatment: "announcement" | "hangup";
  attachedFields: string[];
  salesforce: SalesforceSettings;
  /** The roles that must sign in with a second step (TOTP); a user of one without it enrols right after the password. */
  mfaRoles: MfaRole[];
  retention: Retention;
  sso: SsoSettings;
};

export const SETTING_DEFAULTS: Settings = {
  centerName: "Switchboard",
  timeZone: BOX_TIME_ZONE,
  publicAddress: "",
  maxOpenInteractions: 10,
  maskDigits: 4,
  strongPasswords: false,
  lockoutAfter: 5,
  smtp: { host: "", port: 587, secure: false, user: "", pass: "", from: "" },
  widgetOrigins: [],
  notReadyReasons: ["Break", "Lunch", "Meeting", "Training"],
  dispositions: ["Resolved", "Follow-up needed", "Wrong number"],
  businessHours: {
    enabled: false,
    days: ["", "08:00-18:00", "08:00-18:00", "08:00-18:00", "08:00-18:00", "08:00-18:00", ""],
    closedTreatment: "offline-form",
  },
  voiceClosedTreatment: "announcement",
  attachedFields: [],
  salesforce: {
    loginUrl: "",
    flow: "client_credentials",
    clientId: "",
    clientSecret: "",
    username: "",
    password: "",
    lookup: { voice: { source: "address", field: "Phone" }, chat: { source: "address", field: "Email" } },
  },
  mfaRoles: [],
  retention: { transcriptDays: 0, reportDays: 0 },
  sso: {
    issuer: "",
    clientId: "",
    clientSecret: "",
    label: "",
    matchClaim: "email",
    allowedRoles: ["admin", "supervisor", "agent"],
    requiredRoles: [],
  },
};
