import { eq } from "drizzle-orm";
import { type Actor, changesBetween, recordAudit } from "../audit/index.ts";
import { type Db, transaction, type Tx } from "../db/index.ts";
import { newId, randomToken, ValidationError } from "../shared/index.ts";
import { type AvatarImage, putAvatar, removeAvatar } from "./avatar.ts";
import { type MailQueue, queueWelcomeMail } from "./password-links.ts";
import { users } from "./schema.ts";
import { destroyUserSessions } from "./sessions.ts";
import { clearUserFailures } from "./sign-in-brake.ts";
import { issueToken } from "./tokens.ts";
import { inputFromUser, type UserInput } from "./user-form.ts";
import { assertUnique, countAdmins, getUser, nextFreeExtension, type User } from "./users.ts";

/** Where the welcome mail and set-password links point. */
export type Welcome = { mail: MailQueue; baseUrl: string; centerName: string };

export type SaveOptions = {
  actor: Actor;
  now: number;
  /** A new avatar, "remove", or null to leave it as it is. */
  avatar?: AvatarImage | "remove" | null;
  /** More writes for the same transaction (queue and team membership); returns the names of what changed. */
  also?: (tx: Tx, userId: string) => string[];
};

/** A digest secret for a SIP phone: 144 random bits, typeable into a phone's web page. */
export function newSipSecret(): string {
  return randomToken().slice(0, 24);
}

function columns(input: UserInput) {
  const { extension: _, permissions, ...rest } = input;
  return { ...rest, permissions: JSON.stringify(permissions) };
}

/**
 * Creates a user with the welcome mail queued in the same transaction, or, without an email
 * address, a one-time set-password link for the admin to hand over. A SIP-phone user gets a digest secret.
 */
export function createUser(db: Db, input: UserInput, opts: SaveOptions & { welcome: Welcome }) {
  const { actor, now, welcome } = opts;
  return transaction(db, (tx) => {
    assertUnique(tx, input.username, input.extension || null, null);
    const id = newId();
    const extension = input.extension || nextFreeExtension(tx);
    const sipSecret = input.typology === "sip" ? newSipSecret() : null;
    tx.insert(users)
      .values({ ...columns(input), id, extension, sipSecret, createdAt: now, updatedAt: now })
      .run();
    applyAvatar(tx, id, opts.avatar, now);
    opts.also?.(tx, id);
    let setPasswordLink: string | null = null;
    if (input.email) queueWelcomeMail(tx, welcome.mail, { id, ...input }, welcome.baseUrl, welcome.centerName, now);
    else setPasswordLink = `${welcome.baseUrl}/password/${issueToken(tx, "welcome", id, now)}`;
    const detail = { username: input.username, role: input.role, extension, welcome: input.email ? "mail" : "link" };
    recordAudit(tx, actor, "user.created", { type: "user", id }, detail, now);
    return { id, extension, sipSecret, setPasswordLink };
  });
}

/** Saves an edit; returns the changed field names and a new SIP secret when the user just became a SIP phone. */
export function updateUser(db: Db, id: string, input: UserInput, opts: SaveOptions) {
  const { actor, now } = opts;
  const result = transaction(db, (tx) => {
    const before = getUser(tx, id);
    guardEdit(tx, before, input, actor);
    assertUnique(tx, input.username, input.extension || null, id);
    const extension = input.extension || nextFreeExtension(tx, id);
    const newSecret = input.typology === "sip" && !before.sipSecret ? newSipSecret() : null;
    const sipSecret = input.typology === "sip" ? (newSecret ?? before.sipSecret) : null;
    const changes = changesBetween(inputFromUser(before), { ...input, extension });
    const changed = Object.keys(changes);
    const also: string[] = [];
    const unlocked = before.locked && !input.locked;
    tx.update(users)
      .set({ ...columns(input), extension, sipSecret, ...(unlocked ? { failedLogins: 0 } : {}), updatedAt: now })
      .where(eq(users.id, id))
      .run();
    if (applyAvatar(tx, id, opts.avatar, now)) also.push("avatar");
    also.push(...(opts.also?.(tx, id) ?? []));
    changed.push(...also);
    if (changed.length) recordAudit(tx, actor, "user.updated", { type: "user", id }, { username: input.username, changes, also }, now);
    if (unlocked) clearUserFailures(tx, [before.username]);
    if (unlocked) recordAudit(tx, actor, "user.unlocked", { type: "user", id }, { username: input.username }, now);
    const signOut = (input.disabled && !before.disabled) || (input.locked && !before.locked);
    return { changed, sipSecret: newSecret, signOut };
  });
  if (result.signOut) destroyUserSessions(db, id);
  return { changed: result.changed, sipSecret: result.sipSecret };
}

/** Stores or removes the avatar; true when something changed. */
export function applyAvatar(tx: Db | Tx, userId: string, avatar: SaveOptions["avatar"], now: number): boolean {
  if (avatar === "remove") return removeAvatar(tx, userId);
  if (!avatar) return false;
  putAvatar(tx, userId, avatar, now);
  return true;
}

/** An admin keeps their own access, and the center keeps at least one admin. */
function guardEdit(tx: Tx, before: User, input: UserInput, actor: Actor): void {
  const errors: Record<string, string> = {};
  if (before.id === actor.id && input.disabled) errors.disabled = "You cannot disable your own account";
  if (before.id === actor.id && input.locked) errors.locked = "You cannot lock your own account";
  if (before.role === "admin" && input.role !== "admin" && countAdmins(tx) <= 1)
    errors.role = "This is the last admin: make another user admin first";
  if (Object.keys(errors).length) throw new ValidationError("This change is not allowed.", errors);
}
