import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { Forbidden, TooManyRequests, Unauthorized } from "../shared/index.ts";
import { decoyPasswordHash, verifyPassword } from "./passwords.ts";
import { users } from "./schema.ts";
import type { SessionUser } from "./sessions.ts";
import { blockedUntil, clearFailures, countFailure } from "./sign-in-brake.ts";

const WRONG = "Wrong username or password.";

export type SignInAttempt = { username: string; password: string; address: string };

function blocked(until: number, now: number): TooManyRequests {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return new TooManyRequests(
    `Too many failed sign-ins for this account from your address. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}, or ask an administrator to unlock it.`,
  );
}

/**
 * Checks a username/password (FEATURES A2, Q5). Wrong passwords block the typed name from that address for a
 * growing time from the `lockoutAfter`th on (0 = never): guesses from one place never keep the owner out
 * from another, and nothing anonymous locks an account for good. Every answer costs one argon2 verify,
 * whatever the account's state (unknown, blocked, locked, disabled), and unknown names are blocked like
 * known ones, so neither the time nor the words tell which names exist. Only the right password learns
 * that an account is locked or disabled.
 */
export async function checkLogin(db: Db, attempt: SignInAttempt, policy: { lockoutAfter: number; now: number }): Promise<SessionUser> {
  const { username, password, address } = attempt;
  const { now } = policy;
  const user = db.select().from(users).where(eq(users.username, username)).get();
  const until = blockedUntil(db, username, address, now);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
  if (until) throw blocked(until, now);
  if (!ok || !user?.passwordHash) {
    if (user)
      db.update(users)
        .set({ failedLogins: sql`${users.failedLogins} + 1` })
        .where(eq(users.id, user.id))
        .run();
    const blockEnds = countFailure(db, username, address, policy.lockoutAfter, now);
    if (blockEnds) throw blocked(blockEnds, now);
    throw new Unauthorized(WRONG);
  }
  if (user.locked) throw new Forbidden("This account is locked. Ask an administrator to unlock it.");
  if (user.disabled) throw new Forbidden("This account is disabled.");
  clearFailures(db, username, address);
  if (user.failedLogins) db.update(users).set({ failedLogins: 0 }).where(eq(users.id, user.id)).run();
  return user;
}
