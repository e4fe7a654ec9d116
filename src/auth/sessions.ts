import { and, eq, gt, inArray, lt, ne, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/index.ts";
import { type Clock, type Logger, randomToken, sha256Hex, startPeriodic } from "../shared/index.ts";
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

function lookupOf(db: Db) {
  let lookup = lookups.get(db);
  if (!lookup) {
    lookup = prepareLookup(db);
    lookups.set(db, lookup);
  }
  return lookup;
}

/** The signed-in user for a cookie token, sliding the expiry; null when unknown, expired, disabled or locked. */
export function resolveSession(db: Db, token: string, now: number, ttlMs: number): SessionUser | null {
  const id = sha256Hex(token);
  const row = lookupOf(db).get({ id, now });
  if (!row || row.user.disabled || row.user.locked) return null;
  if (now - row.lastSeenAt > TOUCH_EVERY_MS) {
    db.update(sessions)
      .set({ lastSeenAt: now, expiresAt: now + ttlMs })
      .where(eq(sessions.id, id))
      .run();
  }
  return row.user;
}

/** Is this session still valid (not ended, not expired, its user neither disabled nor locked)? Does not slide it. */
export function sessionAlive(db: Db, sessionId: string, now: number): boolean {
  const row = lookupOf(db).get({ id: sessionId, now });
  return Boolean(row && !row.user.disabled && !row.user.locked);
}

/** Has the user any session left (expired ones included: they end at the next purge or request)? */
export function hasSession(db: Db, userId: string): boolean {
  return Boolean(db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId)).limit(1).get());
}

/** A session that has just ended: its id (the cookie token's SHA-256) and its user. */
export type EndedSession = { id: string; userId: string };
type EndListener = (ended: EndedSession[]) => void;
const endListeners = new WeakMap<Db, Set<EndListener>>();

/**
 * Calls `listener` whenever sessions end (sign-out, password change, disable, lock, delete, expiry), so that
 * whatever a session holds open (event streams, the phone's socket) closes with it. Returns the unsubscribe.
 */
export function onSessionsEnded(db: Db, listener: EndListener): () => void {
  let set = endListeners.get(db);
  if (!set) {
    set = new Set();
    endListeners.set(db, set);
  }
  set.add(listener);
  return () => set.delete(listener);
}

/** Tells the listeners; call it after the deleting transaction has committed. */
export function announceEndedSessions(db: Db, ended: EndedSession[]): void {
  if (!ended.length) return;
  for (const listener of endListeners.get(db) ?? []) listener(ended);
}

/** The sessions of these users, read before a delete that takes them away by cascade. */
export function sessionsOfUsers(db: Db | Tx, userIds: string[]): EndedSession[] {
  if (!userIds.length) return [];
  return db.select({ id: sessions.id, userId: sessions.userId }).from(sessions).where(inArray(sessions.userId, userIds)).all();
}

/** The id under which a cookie token's session is stored (and by which its open connections are known). */
export function sessionIdOf(token: string): string {
  return sha256Hex(token);
}

const ended = { id: sessions.id, userId: sessions.userId };

export function destroySession(db: Db, token: string): void {
  announceEndedSessions(
    db,
    db
      .delete(sessions)
      .where(eq(sessions.id, sha256Hex(token)))
      .returning(ended)
      .all(),
  );
}

/** Signs a user out everywhere (password change, disable, lock, delete). */
export function destroyUserSessions(db: Db, userId: string): void {
  announceEndedSessions(db, db.delete(sessions).where(eq(sessions.userId, userId)).returning(ended).all());
}

/** Signs the user out everywhere except the session with this cookie token (the one making the change). */
export function signOutOtherSessions(db: Db, userId: string, keepToken: string | null): void {
  const keep = keepToken ? ne(sessions.id, sha256Hex(keepToken)) : undefined;
  announceEndedSessions(
    db,
    db
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), keep))
      .returning(ended)
      .all(),
  );
}

export function purgeExpiredSessions(db: Db, now: number): void {
  announceEndedSessions(db, db.delete(sessions).where(lt(sessions.expiresAt, now)).returning(ended).all());
}

/** How often expired sessions are removed: they are already refused at lookup, this only keeps the table small. */
export const SESSION_PURGE_EVERY_MS = 3600_000;

/** Removes expired sessions at start and then hourly on the clock; returns the stop function. */
export function startSessionPurge(deps: { db: Db; clock: Clock; log: Logger }): () => void {
  return startPeriodic(deps, SESSION_PURGE_EVERY_MS, "removing expired sessions", () => purgeExpiredSessions(deps.db, deps.clock.now()));
}
