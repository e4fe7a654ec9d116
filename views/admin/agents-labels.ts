import type { NotifyPosition, Permission, Role, Typology } from "../../src/auth/index.ts";

/** Words shown for the stored values of a user's profile. */
export const ROLE_LABELS: Record<Role, string> = { admin: "Admin", supervisor: "Supervisor", agent: "Agent" };
export const TYPOLOGY_LABELS: Record<Typology, string> = { browser: "Browser phone", sip: "SIP phone" };
export const POSITION_LABELS: Record<NotifyPosition, string> = {
  "top-right": "Top right",
  "top-left": "Top left",
  "bottom-right": "Bottom right",
  "bottom-left": "Bottom left",
};
export const PERMISSION_LABELS: Record<Permission, string> = {
  voice: "Voice",
  outside_calls: "Outside calls (dial numbers through the SIP trunk)",
  chat: "Chat",
  downloads: "Downloads (attachments and transcripts)",
  reports: "Reports (the history of their own interactions)",
};

export const options = <K extends string>(labels: Record<K, string>) => Object.entries(labels) as [K, string][];
