import { desc, eq } from "drizzle-orm";
import { type Actor, recordAudit } from "../audit/index.ts";
import { type Db, transaction } from "../db/index.ts";
import { type FormReader, NotFound, newId, randomToken, sha256Hex } from "../shared/index.ts";
import { API_SCOPES, type ApiScope, apiTokens } from "./schema.ts";

export type ApiToken = typeof apiTokens.$inferSelect;
export type ApiTokenInput = { name: string; scopes: ApiScope[]; expiresInDays: number | null };

/** The lifetimes an admin can pick; "never" is allowed but not the default. */
export const API_TOKEN_EXPIRY_DAYS = [30, 90, 365] as const;
export const API_TOKEN_NAME_MAX = 80;
/** Secrets start with this, so a leaked one is recognisable in logs and scanners. */
const PREFIX = "sbk_";
/** Last-used time is written at most this often per token (every request would write otherwise). */
const TOUCH_EVERY_MS = 60_000;

export function readApiTokenForm(form: FormReader): ApiTokenInput {
  const name = form.text("name", { label: "Name", required: true, max: API_TOKEN_NAME_MAX });
  const allowed = API_SCOPES as readonly string[];
  const chosen = form.list("scopes", "Scopes", (s) => allowed.includes(s), API_SCOPES.length);
  if (!chosen.length) form.fail("scopes", "Choose at least one scope");
  const expiry = form.oneOf("expiry", "Expiry", [...API_TOKEN_EXPIRY_DAYS.map(String), "never"], "90");
  form.done();
  return { name, scopes: API_SCOPES.filter((s) => chosen.includes(s)), expiresInDays: expiry === "never" ? null : Number(expiry) };
}

/** Creates a token and returns its secret, which is shown once and never stored; audited. */
export function createApiToken(db: Db, input: ApiTokenInput, actor: Actor, now: number): { id: string; secret: string } {
  const secret = `${PREFIX}${randomToken()}`;
  const id = newId();
  const expiresAt = input.expiresInDays === null ? null : now + input.expiresInDays * 86_400_000;
  transaction(db, (tx) => {
    tx.insert(apiTokens)
      .values({
        id,
        name: input.name,
        tokenHash: sha256Hex(secret),
        scopes: JSON.stringify(input.scopes),
        createdBy: actor.id,
        createdAt: now,
        expiresAt,
      })
      .run();
    recordAudit(tx, actor, "api_token.created", { type: "api_token", id }, { name: input.name, scopes: input.scopes, expiresAt }, now);
  });
  return { id, secret };
}

/** Every token, newest first (revoked ones stay listed, marked). */
export function listApiTokens(db: Db): ApiToken[] {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt)).all();
}

/** Stops a token at once; audited. Revoking twice changes nothing. */
export function revokeApiToken(db: Db, id: string, actor: Actor, now: number): void {
  transaction(db, (tx) => {
    const row = tx.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
    if (!row) throw new NotFound("No such API token.");
    if (row.revokedAt !== null) return;
    tx.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).run();
    recordAudit(tx, actor, "api_token.revoked", { type: "api_token", id }, { name: row.name }, now);
  });
}

export function apiTokenScopes(token: ApiToken): ApiScope[] {
  try {
    const list = JSON.parse(token.scopes);
    return API_SCOPES.filter((s) => Array.isArray(list) && list.includes(s));
  } catch {
    return [];
  }
}

/** The live token for a bearer secret (noting when it was used), or null when unknown, expired or revoked. */
export function resolveApiToken(db: Db, secret: string, now: number): ApiToken | null {
  if (!secret.startsWith(PREFIX) || secret.length > 100) return null;
  const row = db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.tokenHash, sha256Hex(secret)))
    .get();
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY_MS) {
    db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
    row.lastUsedAt = now;
  }
  return row;
}
