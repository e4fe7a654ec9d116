import { and, eq, isNull } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { type Actor, recordAudit } from "../audit/index.ts";
import { type Db, transaction, type Tx } from "../db/index.ts";
import { newId, sha256Hex, ValidationError } from "../shared/index.ts";
import { recoveryCodes, signInChallenges, userTotp } from "./schema.ts";
import { destroyUserSessions } from "./sessions.ts";
import { getUser } from "./users.ts";

/** RFC 6238 as every authenticator app reads it by default: SHA-1, 6 digits, 30-second steps. */
const STEP_SECONDS = 30;
const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

type Self = { id: string; name: string };

function totpOf(secret: string, label = "", issuer = ""): TOTP {
  return new TOTP({ issuer, label, algorithm: "SHA1", digits: 6, period: STEP_SECONDS, secret: Secret.fromBase32(secret) });
}

/** The code an authenticator shows at this time (for tests and for nothing else in the product). */
export function totpCodeAt(secret: string, now: number): string {
  return totpOf(secret).generate({ timestamp: now });
}

export type TotpState = { secret: string; enabled: boolean; lastStep: number };

export function totpOfUser(db: Db | Tx, userId: string): TotpState | null {
  const row = db.select().from(userTotp).where(eq(userTotp.userId, userId)).get();
  return row ? { secret: row.secret, enabled: row.enabledAt !== null, lastStep: row.lastStep } : null;
}

export function hasTotp(db: Db | Tx, userId: string): boolean {
  return Boolean(totpOfUser(db, userId)?.enabled);
}

/**
 * Starts (or restarts) enrolment: a fresh secret that is not in force until a first code confirms it. An
 * enrolled user keeps theirs (they turn it off first).
 */
export function beginEnrolment(db: Db, userId: string, now: number): string {
  const current = totpOfUser(db, userId);
  if (current?.enabled) throw new ValidationError("Two-step sign-in is already on.");
  const secret = new Secret({ size: 20 }).base32;
  db.insert(userTotp)
    .values({ userId, secret, createdAt: now })
    .onConflictDoUpdate({ target: userTotp.userId, set: { secret, createdAt: now, lastStep: 0 } })
    .run();
  return secret;
}

/** What the authenticator app scans or is typed into. */
export function otpauthUri(secret: string, username: string, centerName: string): string {
  return totpOf(secret, username, centerName).toString();
}

/**
 * Checks a 6-digit code with one step of drift either way and, when right, records its step: a code of a step
 * already used (or older) is refused, so an overheard code cannot be replayed.
 */
function acceptCode(tx: Tx, userId: string, secret: string, lastStep: number, code: string, now: number): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return false;
  const step = Math.floor(now / 1000 / STEP_SECONDS) + delta;
  if (step <= lastStep) return false;
  tx.update(userTotp).set({ lastStep: step }).where(eq(userTotp.userId, userId)).run();
  return true;
}

function newRecoveryCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

const normalRecovery = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, "");

/** Replaces the user's recovery codes with ten new ones; returns them (shown once, stored only hashed). */
function replaceRecoveryCodes(tx: Tx, userId: string): string[] {
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  for (const code of codes)
    tx.insert(recoveryCodes)
      .values({ id: newId(), userId, codeHash: sha256Hex(normalRecovery(code)) })
      .run();
  return codes;
}

function useRecoveryCode(tx: Tx, userId: string, code: string, now: number): boolean {
  const normal = normalRecovery(code);
  if (normal.length !== 10) return false;
  const used = tx
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, sha256Hex(normal)), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id })
    .all();
  return used.length > 0;
}

export function unusedRecoveryCodes(db: Db | Tx, userId: string): number {
  return db
    .select({ id: recoveryCodes.id })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)))
    .all().length;
}

/** Confirms enrolment with a first code; returns the recovery codes to show once. Audited as the user's own. */
export function confirmEnrolment(db: Db, user: Self, code: string, now: number): string[] {
  return transaction(db, (tx) => {
    const state = totpOfUser(tx, user.id);
    if (!state || state.enabled) throw new ValidationError("Start the set-up again.");
    if (!acceptCode(tx, user.id, state.secret, state.lastStep, code.trim(), now))
      throw new ValidationError("That code is not right. Check the time on your phone and type the code it shows now.", {
        code: "Wrong code",
      });
    tx.update(userTotp).set({ enabledAt: now }).where(eq(userTotp.userId, user.id)).run();
    recordAudit(tx, user, "mfa.enabled", { type: "user", id: user.id }, {}, now);
    return replaceRecoveryCodes(tx, user.id);
  });
}

/**
 * A second-step answer: a current code, or failing that an unused recovery code (used up by this). True when
 * either is right; a code replayed within its step is wrong.
 */
export function checkSecondStep(db: Db, userId: string, answer: string, now: number): { ok: boolean; recovery: boolean } {
  return transaction(db, (tx) => {
    const state = totpOfUser(tx, userId);
    if (!state?.enabled) return { ok: false, recovery: false };
    const typed = answer.trim().slice(0, 40);
    if (acceptCode(tx, userId, state.secret, state.lastStep, typed.replace(/\s/g, ""), now)) return { ok: true, recovery: false };
    return { ok: useRecoveryCode(tx, userId, typed, now), recovery: true };
  });
}

/** New recovery codes (the old ones stop working), after a right current code. Audited. */
export function regenerateRecoveryCodes(db: Db, user: Self, code: string, now: number): string[] {
  if (!checkSecondStep(db, user.id, code, now).ok) throw new ValidationError("That code is not right.", { code: "Wrong code" });
  return transaction(db, (tx) => {
    recordAudit(tx, user, "mfa.recovery_regenerated", { type: "user", id: user.id }, {}, now);
    return replaceRecoveryCodes(tx, user.id);
  });
}

/** Removes the user's TOTP secret and recovery codes. The caller audits and, for an admin reset, signs them out. */
export function clearTotp(tx: Tx, userId: string): boolean {
  const removed = tx.delete(userTotp).where(eq(userTotp.userId, userId)).returning({ id: userTotp.userId }).all();
  tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId)).run();
  return removed.length > 0;
}

/** The user's own turning off, after their password (checked by the caller) and a right code. Audited. */
export function turnOffTotp(db: Db, user: Self, code: string, now: number): void {
  if (!checkSecondStep(db, user.id, code, now).ok) throw new ValidationError("That code is not right.", { code: "Wrong code" });
  transaction(db, (tx) => {
    clearTotp(tx, user.id);
    recordAudit(tx, user, "mfa.disabled", { type: "user", id: user.id }, {}, now);
  });
}

/** An admin's Reset MFA: the user's TOTP and recovery codes go and they are signed out everywhere. Audited. */
export function resetUserTotp(db: Db, userId: string, who: { actor: Actor; now: number }): boolean {
  const user = getUser(db, userId);
  const removed = transaction(db, (tx) => {
    const removed = clearTotp(tx, userId);
    tx.delete(signInChallenges).where(eq(signInChallenges.userId, userId)).run();
    recordAudit(tx, who.actor, "mfa.reset", { type: "user", id: userId }, { username: user.username, hadTotp: removed }, who.now);
    return removed;
  });
  destroyUserSessions(db, userId);
  return removed;
}
