import { eq } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import { type Db, transaction } from "../db/index.ts";
import { ValidationError } from "../shared/index.ts";
import { hashPassword, PASSWORD_MAX, passwordProblem, verifyPassword } from "./passwords.ts";
import { users } from "./schema.ts";
import { signOutOtherSessions } from "./sessions.ts";
import { issueToken, revokePasswordLinks } from "./tokens.ts";
import type { Welcome } from "./user-admin.ts";
import { getUser } from "./users.ts";

type Change = { password: string; confirm: string; strong: boolean; now: number };

function checkNewPassword({ password, confirm, strong }: Change): void {
  const problem = passwordProblem(password, strong);
  if (problem) throw new ValidationError(problem, { password: problem });
  if (password !== confirm) throw new ValidationError("The two passwords differ.", { confirm: "The two passwords differ" });
}

async function storePassword(db: Db, userId: string, change: Change, audit: { actor: Actor; action: string }, keepToken: string | null) {
  const passwordHash = await hashPassword(change.password);
  transaction(db, (tx) => {
    const user = getUser(tx, userId);
    tx.update(users)
      .set({ passwordHash, passwordChangedAt: change.now, updatedAt: change.now, failedLogins: 0 })
      .where(eq(users.id, userId))
      .run();
    revokePasswordLinks(tx, userId, change.now);
    recordAudit(tx, audit.actor, audit.action, { type: "user", id: userId }, { username: user.username }, change.now);
  });
  signOutOtherSessions(db, userId, keepToken);
}

/** An admin sets someone's password (FEATURES A3); that user is signed out everywhere. */
export async function adminSetPassword(db: Db, userId: string, change: Change, actor: Actor, actorToken: string | null): Promise<void> {
  getUser(db, userId);
  checkNewPassword(change);
  await storePassword(db, userId, change, { actor, action: "user.password_set" }, actor.id === userId ? actorToken : null);
}

/** Self-service change: the current password is required; the user's other sessions are signed out. */
export async function changeOwnPassword(db: Db, userId: string, current: string, change: Change, keepToken: string | null): Promise<void> {
  const user = getUser(db, userId);
  // The cheap checks first: a rejected new password costs no hashing.
  checkNewPassword(change);
  const ok = user.passwordHash && current.length <= PASSWORD_MAX && (await verifyPassword(current, user.passwordHash));
  if (!ok) throw new ValidationError("Your current password is not right.", { current: "The current password is not right" });
  await storePassword(db, userId, change, { actor: { id: user.id, name: user.username }, action: "profile.password_changed" }, keepToken);
}

/**
 * Mails the user a one-hour reset link; a user without email gets a link shown to the admin instead.
 * Returns that link, or null when it was mailed.
 */
export function sendPasswordLink(db: Db, userId: string, welcome: Welcome, actor: Actor, now: number): string | null {
  return transaction(db, (tx) => {
    const user = getUser(tx, userId);
    const token = issueToken(tx, "reset", user.id, now);
    const link = `${welcome.baseUrl}/password/${token}`;
    if (user.email)
      welcome.mail.enqueue(tx, {
        to: user.email,
        subject: `${welcome.centerName}: set a new password`,
        text: [
          `Hello ${user.fullName},`,
          "",
          `An administrator asked for a new password for the account "${user.username}".`,
          "Set it here (the link works once, within one hour):",
          link,
        ].join("\n"),
      });
    recordAudit(
      tx,
      actor,
      "user.reset_link_sent",
      { type: "user", id: userId },
      { username: user.username, by: user.email ? "mail" : "admin" },
      now,
    );
    return user.email ? null : link;
  });
}
