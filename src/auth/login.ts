import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { Forbidden, Unauthorized } from "../shared/index.ts";
import { decoyPasswordHash, verifyPassword } from "./passwords.ts";
import { users } from "./schema.ts";
import type { SessionUser } from "./sessions.ts";

const WRONG = "Wrong username or password.";

/**
 * Checks a username/password. Wrong passwords count toward the lockout (FEATURES A2: auto-lock
 * after N failed logins; 0 = never). Unknown users cost the same time as known ones.
 */
export async function checkLogin(db: Db, username: string, password: string, lockoutAfter: number): Promise<SessionUser> {
  const user = db.select().from(users).where(eq(users.username, username)).get();
  if (!user?.passwordHash) {
    await verifyPassword(password, await decoyPasswordHash());
    throw new Unauthorized(WRONG);
  }
  if (user.locked) throw new Forbidden("This account is locked after too many failed sign-ins. Ask an administrator to unlock it.");
  const ok = await verifyPassword(password, user.passwordHash);
  if (!ok) {
    // Count and decide in one statement: parallel guesses must not each see the old count and slip past the limit.
    const row = db
      .update(users)
      .set({
        failedLogins: sql`${users.failedLogins} + 1`,
        locked: lockoutAfter > 0 ? sql`${users.locked} or ${users.failedLogins} + 1 >= ${lockoutAfter}` : users.locked,
      })
      .where(eq(users.id, user.id))
      .returning({ locked: users.locked })
      .get();
    if (row?.locked) throw new Forbidden("This account is now locked after too many failed sign-ins. Ask an administrator to unlock it.");
    throw new Unauthorized(WRONG);
  }
  if (user.disabled) throw new Forbidden("This account is disabled.");
  if (user.failedLogins) db.update(users).set({ failedLogins: 0 }).where(eq(users.id, user.id)).run();
  return user;
}
