import { eq, sql } from "drizzle-orm";
import { recordAudit } from "../audit/index.ts";
import { transaction, type Db, type Tx } from "../db/index.ts";
import { Conflict, newId } from "../shared/index.ts";
import { hashPassword } from "./passwords.ts";
import { PERMISSIONS, users } from "./schema.ts";
import { findLiveToken, issueToken, markTokenUsed } from "./tokens.ts";

/** There is no default account: until an admin exists, the appliance offers a one-time setup link. */
export function hasAdmin(db: Db | Tx): boolean {
  return (db.select({ n: sql<number>`count(*)` }).from(users).where(eq(users.role, "admin")).get()?.n ?? 0) > 0;
}

/** A fresh setup token (older ones stop working), or null when an admin already exists. */
export function issueSetupToken(db: Db, now: number): string | null {
  return hasAdmin(db) ? null : issueToken(db, "setup", null, now);
}

export type AdminInput = { username: string; fullName: string; email: string; password: string };

/** Creates an admin account. Used by the setup page, `create-admin` and SWITCHBOARD_ADMIN_PASSWORD. */
export async function createAdmin(db: Db, input: AdminInput, now: number, setupToken?: string): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  transaction(db, (tx) => {
    if (setupToken !== undefined) {
      const row = findLiveToken(tx, setupToken, ["setup"], now);
      if (hasAdmin(tx)) throw new Conflict("Setup is already done. Sign in instead.");
      markTokenUsed(tx, row.id, now);
    }
    if (tx.select({ id: users.id }).from(users).where(eq(users.username, input.username)).get())
      throw new Conflict(`The username ${input.username} is taken.`);
    tx.insert(users)
      .values({
        id,
        username: input.username,
        fullName: input.fullName,
        alias: input.fullName,
        email: input.email,
        role: "admin",
        permissions: JSON.stringify(PERMISSIONS),
        passwordHash,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    recordAudit(tx, { id, name: input.username }, "admin.created", { type: "user", id }, { username: input.username }, now);
  });
  return id;
}
