import type { Permission } from "./schema.ts";
import type { UserInput } from "./user-form.ts";

/** What the user form shows: text as typed (so a rejected form comes back as it was sent), switches, and lists. */
export type UserFormValues = {
  [K in keyof UserInput]: UserInput[K] extends boolean ? boolean : UserInput[K] extends Permission[] ? string[] : string;
} & { queueIds: string[]; teamIds: string[] };

/** The form of a new user before the admin types anything. */
export const NEW_USER_DEFAULTS: UserInput = {
  fullName: "",
  username: "",
  role: "agent",
  alias: "",
  email: "",
  extension: "",
  description: "",
  typology: "browser",
  loginNotReady: false,
  notifyPosition: "top-right",
  disabled: false,
  locked: false,
  maskSensitive: false,
  capChat: 3,
  autoAnswerVoice: null,
  autoAnswerChat: null,
  permissions: ["voice", "chat"],
};

const KEYS = Object.keys(NEW_USER_DEFAULTS) as (keyof UserInput)[];
const BOOL_KEYS = KEYS.filter((k) => typeof NEW_USER_DEFAULTS[k] === "boolean");
const TEXT_KEYS = KEYS.filter((k) => !BOOL_KEYS.includes(k) && k !== "permissions");
const ECHO_MAX = 2000;
const LIST_MAX = 200;

export function formValues(input: UserInput, membership = { queueIds: [] as string[], teamIds: [] as string[] }): UserFormValues {
  const out: Record<string, unknown> = { permissions: [...input.permissions], ...membership };
  for (const k of BOOL_KEYS) out[k] = input[k];
  for (const k of TEXT_KEYS) out[k] = input[k] === null ? "" : String(input[k]);
  return out as UserFormValues;
}

/** The posted form, bounded, for showing it again beside its error messages. */
export function formValuesFromBody(body: Record<string, unknown>): UserFormValues {
  const first = (k: string) => {
    const v = Array.isArray(body[k]) ? (body[k] as unknown[])[0] : body[k];
    return typeof v === "string" ? v.slice(0, ECHO_MAX) : "";
  };
  const list = (k: string) => {
    const v = body[k];
    const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return all.filter((x): x is string => typeof x === "string").slice(0, LIST_MAX);
  };
  const out: Record<string, unknown> = { permissions: list("permissions"), queueIds: list("queueIds"), teamIds: list("teamIds") };
  for (const k of BOOL_KEYS) out[k] = ["on", "true", "1"].includes(first(k));
  for (const k of TEXT_KEYS) out[k] = first(k);
  return out as UserFormValues;
}
