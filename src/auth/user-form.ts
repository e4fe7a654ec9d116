import type { FormReader } from "../shared/index.ts";
import { NOTIFY_POSITIONS, PERMISSIONS, type Permission, ROLES, type Role, TYPOLOGIES } from "./schema.ts";
import { EXTENSION_RULE, USERNAME_RULE, type User } from "./users.ts";

export type Typology = (typeof TYPOLOGIES)[number];
export type NotifyPosition = (typeof NOTIFY_POSITIONS)[number];

/** A user's profile as the admin form edits it (FEATURES A2). An empty extension means "assign the next free one". */
export type UserInput = {
  fullName: string;
  username: string;
  role: Role;
  alias: string;
  email: string;
  extension: string;
  description: string;
  typology: Typology;
  loginNotReady: boolean;
  notifyPosition: NotifyPosition;
  disabled: boolean;
  locked: boolean;
  maskSensitive: boolean;
  capChat: number;
  autoAnswerVoice: number | null;
  autoAnswerChat: number | null;
  permissions: Permission[];
};

export const FULL_NAME_MAX = 100;
export const ALIAS_MAX = 100;
export const DESCRIPTION_MAX = 500;
export const CAPACITY_MAX = 50;
export const AUTO_ANSWER_MAX_S = 60;

// Only the channels that exist: video and email capacities come with those channels.
const CAPACITIES = [["capChat", "Chat capacity"]] as const;
const AUTO_ANSWERS = [
  ["autoAnswerVoice", "Voice auto-answer delay"],
  ["autoAnswerChat", "Chat auto-answer delay"],
] as const;

/** Reads and checks every field of the admin user form; messages collect in `form.errors`. */
export function readUserInput(form: FormReader): UserInput {
  const input = {
    fullName: form.text("fullName", { label: "Full name", required: true, max: FULL_NAME_MAX }),
    username: form.text("username", { ...USERNAME_RULE, required: true }),
    role: form.oneOf("role", "Role", ROLES),
    alias: form.text("alias", { label: "Alias", max: ALIAS_MAX }),
    email: form.email("email", "Email"),
    extension: form.text("extension", EXTENSION_RULE),
    description: form.text("description", { label: "Description", max: DESCRIPTION_MAX }),
    typology: form.oneOf("typology", "Typology", TYPOLOGIES, "browser"),
    loginNotReady: form.bool("loginNotReady"),
    notifyPosition: form.oneOf("notifyPosition", "Notification position", NOTIFY_POSITIONS, "top-right"),
    disabled: form.bool("disabled"),
    locked: form.bool("locked"),
    maskSensitive: form.bool("maskSensitive"),
    permissions: readPermissions(form),
  } as UserInput;
  for (const [name, label] of CAPACITIES) input[name] = form.int(name, { label, min: 0, max: CAPACITY_MAX, fallback: 0 });
  for (const [name, label] of AUTO_ANSWERS) input[name] = form.optionalInt(name, { label, min: 0, max: AUTO_ANSWER_MAX_S });
  return input;
}

function readPermissions(form: FormReader): Permission[] {
  const allowed = PERMISSIONS as readonly string[];
  const chosen = form.list("permissions", "Permissions", (p) => allowed.includes(p), PERMISSIONS.length);
  // Stored in catalogue order so that comparing two sets is comparing two strings.
  return PERMISSIONS.filter((p) => chosen.includes(p));
}

export function parsePermissions(json: string): Permission[] {
  try {
    const list = JSON.parse(json);
    return PERMISSIONS.filter((p) => Array.isArray(list) && list.includes(p));
  } catch {
    return [];
  }
}

/** The user's columns as an input, for comparing an edit with what is stored. */
export function inputFromUser(u: User): UserInput {
  const { fullName, username, role, alias, email, description, typology, loginNotReady, notifyPosition } = u;
  const { disabled, locked, maskSensitive, capChat, autoAnswerVoice, autoAnswerChat } = u;
  return {
    ...{ fullName, username, role, alias, email, description, typology, loginNotReady, notifyPosition },
    ...{ disabled, locked, maskSensitive, capChat, autoAnswerVoice, autoAnswerChat },
    extension: u.extension ?? "",
    permissions: parsePermissions(u.permissions),
  };
}
