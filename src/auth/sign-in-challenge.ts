import { and, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { randomToken, sha256Hex } from "../shared/index.ts";
import { type CHALLENGE_KINDS, signInChallenges } from "./schema.ts";
import type { SessionUser } from "./sessions.ts";
import { getUser } from "./users.ts";

export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** After a right password: the token (for a cookie) of the pending second step. Expired ones are cleared here. */
export function issueChallenge(db: Db, userId: string, kind: ChallengeKind, at: { address: string; next: string; now: number }): string {
  db.delete(signInChallenges).where(lt(signInChallenges.expiresAt, at.now)).run();
  const token = randomToken();
  db.insert(signInChallenges)
    .values({ id: sha256Hex(token), userId, kind, address: at.address, next: at.next, expiresAt: at.now + CHALLENGE_TTL_MS })
    .run();
  return token;
}

export type Challenge = { id: string; user: SessionUser; kind: ChallengeKind; next: string };

/** The live, unused challenge of this token and address, or null (unknown, expired, used, or from elsewhere). */
export function findChallenge(db: Db, token: string, address: string, now: number): Challenge | null {
  if (!token || token.length > 100) return null;
  const row = db
    .select()
    .from(signInChallenges)
    .where(eq(signInChallenges.id, sha256Hex(token)))
    .get();
  if (!row || row.usedAt !== null || row.expiresAt <= now || row.address !== address) return null;
  const user = getUser(db, row.userId);
  if (user.disabled || user.locked) return null;
  return { id: row.id, user, kind: row.kind, next: row.next };
}

/** Uses the challenge up; false when it was used already (two answers racing: only one signs in). */
export function consumeChallenge(db: Db, id: string, now: number): boolean {
  const done = db
    .update(signInChallenges)
    .set({ usedAt: now })
    .where(and(eq(signInChallenges.id, id), isNull(signInChallenges.usedAt)))
    .returning({ id: signInChallenges.id })
    .all();
  return done.length > 0;
}
