import { and, eq, gt, lt, sql } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { randomToken, sha256Hex } from "../shared/index.ts";
import { sessions, users } from "./schema.ts";

export type SessionUser = typeof users.$inferSelect;

const TOUCH_EVERY_MS = 60_000;

/** Starts a session and returns the secret token for the cookie. */
export function createSession(db: Db, userId: string, now: number, ttlMs: number): string {
  const token = randomToken();
  db.insert(sessions)
    .values({ id: sha256Hex(token), userId, createdAt: now, lastSeenAt: now, expiresAt: now + ttlMs })
    .run();
  return token;
}

/** Every signed-in request looks its session up: build that query once per database. */
const lookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();

function prepareLookup(db: Db) {
  return db
    .select({ user: users, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sql.placeholder("id")), gt(sessions.expiresAt, sql.placeholder("now"))))
    .prepare();
}

/** The signed-in user for a cookie token, sliding the expiry; null when unknown, expired, disabled or locked. */
export function resolveSession(db: Db, token: string, now: number, ttlMs: number): SessionUser | null {
  const id = sha256Hex(token);
  let lookup = lookups.get(db);
  if (!lookup) {
    lookup = prepareLookup(db);
    lookups.set(db, lookup);
  }
  const row = lookup.get({ id, now });
  if (!row || row.user.disabled || row.user.locked) return null;
  if (now - row.lastSeenAt > TOUCH_EVERY_MS) {
    db.update(sessions)
      .set({ lastSeenAt: now, expiresAt: now + ttlMs })
      .where(eq(sessions.id, id))
      .run();
  }
  return row.user;
}

export function destroySession(db: Db, token: string): void {
  db.delete(sessions)
    .where(eq(sessions.id, sha256Hex(token)))
    .run();
}

/** Signs a user out everywhere (password change, disable, lock, delete). */
export function destroyUserSessions(db: Db, userId: string): void {
  db.delete(sessions).where(eq(sessions.userId, userId)).run();
}

export function purgeExpiredSessions(db: Db, now: number): void {
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
}
