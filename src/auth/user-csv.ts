import { toCsv } from "../shared/index.ts";
import { parsePermissions } from "./user-form.ts";
import type { User } from "./users.ts";

const HEADER = [
  "Username",
  "Full name",
  "Alias",
  "Email",
  "Role",
  "Extension",
  "Typology",
  "Description",
  "Disabled",
  "Locked",
  "Permissions",
];

/** The CSV export of users (FEATURES A2): a header row, then one row per user. Never secrets. */
export function usersCsv(list: readonly User[]): string {
  const yes = (b: boolean) => (b ? "yes" : "no");
  return toCsv([
    HEADER,
    ...list.map((u) => [
      u.username,
      u.fullName,
      u.alias,
      u.email,
      u.role,
      u.extension ?? "",
      u.typology === "sip" ? "SIP phone" : "Browser phone",
      u.description,
      yes(u.disabled),
      yes(u.locked),
      parsePermissions(u.permissions).join(" "),
    ]),
  ]);
}
