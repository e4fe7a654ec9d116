import { and, asc, eq, isNull, ne, type SQL, sql } from "drizzle-orm";
import { type Actor, changesBetween, recordAudit } from "../audit/index.ts";
import { transaction, type Db, type Tx } from "../db/index.ts";
import { FormReader, newId, NotFound, ValidationError } from "../shared/index.ts";
import { predefinedMessages } from "./schema.ts";

export type Predefined = typeof predefinedMessages.$inferSelect;
export type PredefinedInput = { shortcut: string; title: string; body: string };
/** null for the global messages an admin manages, else the id of the user who owns the personal ones. */
export type Owner = string | null;

export const SHORTCUT_RULE = {
  label: "Shortcut",
  max: 30,
  pattern: /^[A-Za-z0-9_-]+$/,
  patternHint: "may only have letters, digits, - and _ (type it without the /)",
} as const;

/** Reads the message form: shortcut, title (≤ 80) and a multi-line body (≤ 2000). */
export function readPredefinedForm(data: Record<string, unknown>): PredefinedInput {
  const form = new FormReader(data);
  const input = {
    shortcut: form.text("shortcut", { ...SHORTCUT_RULE, required: true }),
    title: form.text("title", { label: "Title", required: true, max: 80 }),
    body: form.text("body", { label: "Message", required: true, max: 2000 }).replace(/\r\n?/g, "\n"),
  };
  form.done();
  return input;
}

const ownedBy = (owner: Owner): SQL => (owner === null ? isNull(predefinedMessages.ownerId) : eq(predefinedMessages.ownerId, owner));

/** The global messages (owner null) or one user's personal ones, by shortcut. */
export function listPredefined(db: Db, owner: Owner): Predefined[] {
  return db.select().from(predefinedMessages).where(ownedBy(owner)).orderBy(asc(predefinedMessages.shortcut)).all();
}

/** What a user can insert in a chat: global and personal messages; a personal one wins a shortcut clash. */
export function availablePredefined(db: Db, userId: string): Predefined[] {
  const byShortcut = new Map<string, Predefined>();
  for (const m of [...listPredefined(db, null), ...listPredefined(db, userId)]) byShortcut.set(m.shortcut.toLowerCase(), m);
  return [...byShortcut.values()].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
}

/** One message of this owner; someone else's message is NotFound, never Forbidden, so ids reveal nothing. */
export function getPredefined(db: Db | Tx, id: string, owner: Owner): Predefined {
  const row = db
    .select()
    .from(predefinedMessages)
    .where(and(eq(predefinedMessages.id, id), ownedBy(owner)))
    .get();
  if (!row) throw new NotFound("There is no such predefined message.");
  return row;
}

function assertShortcutFree(tx: Tx, owner: Owner, shortcut: string, exceptId?: string) {
  const same = sql`lower(${predefinedMessages.shortcut}) = ${shortcut.toLowerCase()}`;
  const clash = tx
    .select({ id: predefinedMessages.id })
    .from(predefinedMessages)
    .where(and(ownedBy(owner), same, exceptId ? ne(predefinedMessages.id, exceptId) : undefined))
    .get();
  if (clash) throw new ValidationError("Please correct the highlighted fields.", { shortcut: `The shortcut /${shortcut} is already used` });
}

const scope = (owner: Owner) => (owner === null ? "global" : "personal");

export function createPredefined(db: Db, owner: Owner, input: PredefinedInput, actor: Actor, now: number): string {
  const id = newId();
  transaction(db, (tx) => {
    assertShortcutFree(tx, owner, input.shortcut);
    tx.insert(predefinedMessages)
      .values({ id, ownerId: owner, ...input, createdAt: now, updatedAt: now })
      .run();
    recordAudit(tx, actor, "predefined.created", { type: "predefined", id }, { scope: scope(owner), shortcut: input.shortcut }, now);
  });
  return id;
}

export function updatePredefined(db: Db, id: string, owner: Owner, input: PredefinedInput, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const before = getPredefined(tx, id, owner);
    assertShortcutFree(tx, owner, input.shortcut, id);
    tx.update(predefinedMessages)
      .set({ ...input, updatedAt: now })
      .where(eq(predefinedMessages.id, id))
      .run();
    const changes = changesBetween(before as PredefinedInput, input);
    recordAudit(
      tx,
      actor,
      "predefined.updated",
      { type: "predefined", id },
      { scope: scope(owner), shortcut: input.shortcut, changes },
      now,
    );
  });
}

export function deletePredefined(db: Db, id: string, owner: Owner, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const row = getPredefined(tx, id, owner);
    tx.delete(predefinedMessages).where(eq(predefinedMessages.id, id)).run();
    recordAudit(tx, actor, "predefined.deleted", { type: "predefined", id }, { scope: scope(owner), shortcut: row.shortcut }, now);
  });
}
