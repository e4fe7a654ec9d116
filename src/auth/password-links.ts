import { eq } from "drizzle-orm";
import type { Db, Tx } from "../db/index.ts";
import { transaction } from "../db/index.ts";
import { ValidationError } from "../shared/index.ts";
import { hashPassword, passwordProblem } from "./passwords.ts";
import { passwordTokens, users } from "./schema.ts";
import { destroyUserSessions } from "./sessions.ts";
import { findLiveToken, issueToken, markTokenUsed, revokePasswordLinks } from "./tokens.ts";

/** Whatever can queue a mail in the caller's transaction (the mail service). */
export type MailQueue = { enqueue(db: Db | Tx, mail: { to: string; subject: string; text: string; html?: string }): string };

/** Sends every account with this address a one-hour, one-time reset link. Silent when none matches. */
export function requestPasswordReset(db: Db, mail: MailQueue, email: string, baseUrl: string, centerName: string, now: number): number {
  const matches = db.select().from(users).where(eq(users.email, email.toLowerCase())).all();
  transaction(db, (tx) => {
    for (const user of matches) {
      if (user.disabled) continue;
      const token = issueToken(tx, "reset", user.id, now);
      mail.enqueue(tx, {
        to: user.email,
        subject: `${centerName}: set a new password`,
        text: [
          `Hello ${user.fullName},`,
          "",
          `Someone asked to reset the password of the account "${user.username}".`,
          "Set a new password here (the link works once, within one hour):",
          `${baseUrl}/password/${token}`,
          "",
          "If it was not you, ignore this mail: your password stays as it is.",
        ].join("\n"),
      });
    }
  });
  return matches.length;
}

/** Queues the welcome mail of a new account: the console link and a set-password link, never a password. */
export function queueWelcomeMail(
  tx: Db | Tx,
  mail: MailQueue,
  user: { id: string; email: string; fullName: string; username: string },
  baseUrl: string,
  centerName: string,
  now: number,
): void {
  if (!user.email) return;
  const token = issueToken(tx, "welcome", user.id, now);
  mail.enqueue(tx, {
    to: user.email,
    subject: `Welcome to ${centerName}`,
    text: [
      `Hello ${user.fullName},`,
      "",
      `An account was made for you at ${centerName}. Your username is "${user.username}".`,
      "Choose your password here (the link works once, within 7 days):",
      `${baseUrl}/password/${token}`,
      "",
      `Afterwards, sign in to your console at ${baseUrl}/console`,
    ].join("\n"),
  });
}

/** The account a set-password link belongs to; throws NotFound when the link is unknown, used or expired. */
export function userForPasswordLink(db: Db, token: string, now: number) {
  const row = findLiveToken(db, token, ["welcome", "reset"], now);
  const user = row.userId ? db.select().from(users).where(eq(users.id, row.userId)).get() : undefined;
  if (!user) throw new ValidationError("This link is not valid.");
  return { tokenId: row.id, user };
}

/** Validates and stores a new password; signs the user out everywhere else. */
export async function setPassword(
  db: Db,
  userId: string,
  password: string,
  confirm: string,
  strong: boolean,
  now: number,
  tokenId?: string,
): Promise<void> {
  const problem = passwordProblem(password, strong);
  if (problem) throw new ValidationError(problem, { password: problem });
  if (password !== confirm) throw new ValidationError("The two passwords differ.", { confirm: "The two passwords differ" });
  const passwordHash = await hashPassword(password);
  transaction(db, (tx) => {
    if (tokenId) {
      // Re-check inside the transaction so a link cannot be used twice by two racing requests.
      const row = findLiveTokenById(tx, tokenId, now);
      markTokenUsed(tx, row, now);
    }
    revokePasswordLinks(tx, userId, now);
    tx.update(users).set({ passwordHash, passwordChangedAt: now, updatedAt: now, failedLogins: 0 }).where(eq(users.id, userId)).run();
  });
  destroyUserSessions(db, userId);
}

function findLiveTokenById(tx: Tx, tokenId: string, now: number): string {
  const row = tx.select().from(passwordTokens).where(eq(passwordTokens.id, tokenId)).get();
  if (!row || row.usedAt !== null || row.expiresAt <= now) throw new ValidationError("This link has already been used or has expired.");
  return row.id;
}
