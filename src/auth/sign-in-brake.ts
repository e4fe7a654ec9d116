import { and, asc, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { type Db, transaction, type Tx } from "../db/index.ts";
import { signInFailures } from "./schema.ts";

/** The first block lasts a minute; each further failure after it doubles it, up to an hour. */
const FIRST_BLOCK_MS = 60_000;
const LONGEST_BLOCK_MS = 60 * 60_000;
/** A count with no failure for this long starts again from zero. */
const FORGET_AFTER_MS = 24 * 3600_000;
/** Anonymous traffic writes these rows: the table never grows past this. */
const MAX_ROWS = 10_000;

const keyOf = (username: string) => username.toLowerCase();

function row(db: Db | Tx, username: string, address: string) {
  return db
    .select()
    .from(signInFailures)
    .where(and(eq(signInFailures.username, keyOf(username)), eq(signInFailures.address, address)))
    .get();
}

/** Until when this username may not be tried from this address; 0 when it may. */
export function blockedUntil(db: Db, username: string, address: string, now: number): number {
  const found = row(db, username, address);
  return found && found.blockedUntil > now ? found.blockedUntil : 0;
}

/**
 * Counts a wrong password for the username from this address and, from the `lockoutAfter`th on, blocks the
 * pair for a growing time (0 = never block). Returns when the block ends, 0 when there is none. One
 * synchronous transaction: parallel guesses each see the count the one before left.
 */
export function countFailure(db: Db, username: string, address: string, lockoutAfter: number, now: number): number {
  return transaction(db, (tx) => {
    const found = row(tx, username, address);
    if (found && found.blockedUntil > now) return found.blockedUntil;
    const fresh = !found || now - found.lastAt > FORGET_AFTER_MS;
    const failures = fresh ? 1 : found.failures + 1;
    const over = lockoutAfter > 0 ? failures - lockoutAfter : -1;
    const until = over >= 0 ? now + Math.min(FIRST_BLOCK_MS * 2 ** Math.min(over, 16), LONGEST_BLOCK_MS) : 0;
    if (!found) makeRoom(tx, now);
    tx.insert(signInFailures)
      .values({ username: keyOf(username), address, failures, blockedUntil: until, lastAt: now })
      .onConflictDoUpdate({
        target: [signInFailures.username, signInFailures.address],
        set: { failures, blockedUntil: until, lastAt: now },
      })
      .run();
    return until;
  });
}

/** Forgets old counts; when the table is still full, the oldest go (their next guess starts from zero). */
function makeRoom(tx: Tx, now: number): void {
  const count = () => tx.select({ n: sql<number>`count(*)` }).from(signInFailures).get()?.n ?? 0;
  if (count() < MAX_ROWS) return;
  tx.delete(signInFailures)
    .where(and(lt(signInFailures.lastAt, now - FORGET_AFTER_MS), lt(signInFailures.blockedUntil, now)))
    .run();
  const over = count() - MAX_ROWS + 1;
  if (over <= 0) return;
  const oldest = tx
    .select({ lastAt: signInFailures.lastAt })
    .from(signInFailures)
    .orderBy(asc(signInFailures.lastAt))
    .limit(1)
    .offset(over - 1);
  tx.delete(signInFailures).where(sql`${signInFailures.lastAt} <= (${oldest})`).run();
}

/** A right password from this address wipes its count. */
export function clearFailures(db: Db, username: string, address: string): void {
  db.delete(signInFailures)
    .where(and(eq(signInFailures.username, keyOf(username)), eq(signInFailures.address, address)))
    .run();
}

/** An admin's unlock: every count and block of these usernames, from every address. */
export function clearUserFailures(db: Db | Tx, usernames: string[]): void {
  if (usernames.length)
    db.delete(signInFailures)
      .where(inArray(signInFailures.username, usernames.map(keyOf)))
      .run();
}

export type SignInPause = { until: number; failures: number; addresses: number };

/** The usernames (as stored on the users) whose sign-in is blocked from some address now. */
export function pausedSignIns(db: Db | Tx, usernames: string[], now: number): Map<string, SignInPause> {
  const out = new Map<string, SignInPause>();
  if (!usernames.length) return out;
  const byKey = new Map(usernames.map((u) => [keyOf(u), u]));
  const rows = db
    .select()
    .from(signInFailures)
    .where(and(inArray(signInFailures.username, [...byKey.keys()]), gt(signInFailures.blockedUntil, now)))
    .all();
  for (const r of rows) {
    const name = byKey.get(r.username) as string;
    const seen = out.get(name);
    out.set(name, {
      until: Math.max(seen?.until ?? 0, r.blockedUntil),
      failures: (seen?.failures ?? 0) + r.failures,
      addresses: (seen?.addresses ?? 0) + 1,
    });
  }
  return out;
}
