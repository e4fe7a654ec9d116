import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "../db/index.ts";
import { NotFound, randomToken, sha256Hex } from "../shared/index.ts";
import { passwordTokens, type TOKEN_PURPOSES } from "./schema.ts";

export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  setup: 24 * 3600_000,
  welcome: 7 * 24 * 3600_000,
  reset: 3600_000,
};

/** Issues a one-time link token; earlier unused tokens of the same purpose for the same user stop working. */
export function issueToken(db: Db | Tx, purpose: TokenPurpose, userId: string | null, now: number): string {
  const token = randomToken();
  const sameUser = userId === null ? isNull(passwordTokens.userId) : eq(passwordTokens.userId, userId);
  db.update(passwordTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordTokens.purpose, purpose), sameUser, isNull(passwordTokens.usedAt)))
    .run();
  db.insert(passwordTokens)
    .values({ id: sha256Hex(token), userId, purpose, createdAt: now, expiresAt: now + TOKEN_TTL_MS[purpose] })
    .run();
  return token;
}

/** The live token row, or NotFound with a message a person understands. */
export function findLiveToken(db: Db | Tx, token: string, purposes: readonly TokenPurpose[], now: number) {
  const row = db
    .select()
    .from(passwordTokens)
    .where(eq(passwordTokens.id, sha256Hex(token)))
    .get();
  if (!row || !purposes.includes(row.purpose)) throw new NotFound("This link is not valid.");
  if (row.usedAt !== null) throw new NotFound("This link has already been used.");
  if (row.expiresAt <= now) throw new NotFound("This link has expired. Ask for a new one.");
  return row;
}

export function markTokenUsed(db: Db | Tx, id: string, now: number): void {
  db.update(passwordTokens).set({ usedAt: now }).where(eq(passwordTokens.id, id)).run();
}

/** A new password makes every open set-password link of the user worthless (welcome and reset alike). */
export function revokePasswordLinks(db: Db | Tx, userId: string, now: number): void {
  db.update(passwordTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordTokens.userId, userId), inArray(passwordTokens.purpose, ["welcome", "reset"]), isNull(passwordTokens.usedAt)))
    .run();
}
