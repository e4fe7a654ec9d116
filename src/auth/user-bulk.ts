import { eq, inArray } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import { type Db, transaction, type Tx } from "../db/index.ts";
import { Conflict, NotFound, ValidationError } from "../shared/index.ts";
import { users } from "./schema.ts";
import { announceEndedSessions, destroyUserSessions, sessionsOfUsers } from "./sessions.ts";
import { clearUserFailures, pausedSignIns } from "./sign-in-brake.ts";
import { newSipSecret } from "./user-admin.ts";
import { countAdmins, getUser, type User, usersByIds } from "./users.ts";

type Who = { actor: Actor; now: number; bulk?: boolean };

/** The selected users, or NotFound when none of the ids is known. */
function targets(db: Db | Tx, ids: readonly string[]): User[] {
  const found = usersByIds(db, ids);
  if (!found.length) throw new NotFound("No such user.");
  return found;
}

/** Deletes users (their sessions, avatars, links and memberships go with them). Returns the usernames deleted. */
export function deleteUsers(db: Db, ids: readonly string[], { actor, now, bulk }: Who): string[] {
  const { usernames, ended } = transaction(db, (tx) => {
    const list = targets(tx, ids);
    if (list.some((u) => u.id === actor.id)) throw new Conflict("You cannot delete your own account.");
    const admins = list.filter((u) => u.role === "admin").length;
    if (admins && countAdmins(tx) - admins < 1) throw new Conflict("The last admin cannot be deleted.");
    const ended = sessionsOfUsers(
      tx,
      list.map((u) => u.id),
    );
    try {
      tx.delete(users)
        .where(
          inArray(
            users.id,
            list.map((u) => u.id),
          ),
        )
        .run();
    } catch (err) {
      if (/FOREIGN KEY/i.test(String(err)))
        throw new Conflict("This user still has records that must be kept. Disable the account instead.");
      throw err;
    }
    for (const u of list)
      recordAudit(tx, actor, bulk ? "user.bulk_deleted" : "user.deleted", { type: "user", id: u.id }, { username: u.username }, now);
    return { usernames: list.map((u) => u.username), ended };
  });
  announceEndedSessions(db, ended);
  return usernames;
}

/** Disables or enables users; disabled users are signed out everywhere. Returns how many changed. */
export function setUsersDisabled(db: Db, ids: readonly string[], disabled: boolean, { actor, now }: Who): number {
  const changed = transaction(db, (tx) => {
    const list = targets(tx, ids);
    if (disabled && list.some((u) => u.id === actor.id)) throw new Conflict("You cannot disable your own account.");
    const todo = list.filter((u) => u.disabled !== disabled);
    for (const u of todo) {
      tx.update(users).set({ disabled, updatedAt: now }).where(eq(users.id, u.id)).run();
      recordAudit(
        tx,
        actor,
        disabled ? "user.bulk_disabled" : "user.bulk_enabled",
        { type: "user", id: u.id },
        { username: u.username },
        now,
      );
    }
    return todo;
  });
  if (disabled) for (const u of changed) destroyUserSessions(db, u.id);
  return changed.length;
}

/** Unlocks users: lifts the admin's lock and every sign-in block, clears the failed sign-in count. Returns how many were locked or blocked. */
export function unlockUsers(db: Db, ids: readonly string[], { actor, now, bulk }: Who): number {
  return transaction(db, (tx) => {
    const list = targets(tx, ids);
    const paused = pausedSignIns(
      tx,
      list.map((u) => u.username),
      now,
    );
    clearUserFailures(
      tx,
      list.map((u) => u.username),
    );
    for (const u of list) {
      tx.update(users).set({ locked: false, failedLogins: 0, updatedAt: now }).where(eq(users.id, u.id)).run();
      if (u.locked || u.failedLogins || paused.has(u.username))
        recordAudit(tx, actor, bulk ? "user.bulk_unlocked" : "user.unlocked", { type: "user", id: u.id }, { username: u.username }, now);
    }
    return list.filter((u) => u.locked || paused.has(u.username)).length;
  });
}

/** A fresh digest secret for a SIP-phone user; the old one stops working. Shown once, never audited. */
export function regenerateSipSecret(db: Db, id: string, { actor, now }: Who): string {
  return transaction(db, (tx) => {
    const user = getUser(tx, id);
    if (user.typology !== "sip") throw new ValidationError("Only SIP-phone users have a SIP secret.");
    const sipSecret = newSipSecret();
    tx.update(users).set({ sipSecret, updatedAt: now }).where(eq(users.id, id)).run();
    recordAudit(tx, actor, "user.sip_secret_regenerated", { type: "user", id }, { username: user.username }, now);
    return sipSecret;
  });
}
