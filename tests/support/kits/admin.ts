/** Helpers for the admin route tests: users stored directly (the agents pages are not under test here). */
import { hashPassword, type Role } from "../../../src/auth/index.ts";
import { users } from "../../../src/auth/schema.ts";
import type { Db } from "../../../src/db/index.ts";
import { newId } from "../../../src/shared/index.ts";
import { TEST_PASSWORD, type TestApp, type TestClient } from "../harness.ts";

let hash: Promise<string> | null = null;

/** Stores a user who can sign in with TEST_PASSWORD; the argon2 hash is computed once per test run. */
export async function addUser(db: Db, username: string, role: Role = "agent", fullName = username): Promise<string> {
  hash ??= hashPassword(TEST_PASSWORD);
  const id = newId();
  const now = Date.now();
  db.insert(users)
    .values({ id, username, fullName, role, passwordHash: await hash, passwordChangedAt: now, createdAt: now, updatedAt: now })
    .run();
  return id;
}

/** A signed-in admin client. */
export async function adminClient(t: TestApp): Promise<{ c: TestClient; adminId: string }> {
  const adminId = await addUser(t.db, "boss", "admin", "The Boss");
  const c = t.client();
  await c.login("boss");
  return { c, adminId };
}
