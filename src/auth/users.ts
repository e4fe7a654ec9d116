import { eq } from "drizzle-orm";
import type { Db } from "../db/index.ts";
import { NotFound } from "../shared/index.ts";
import { users } from "./schema.ts";

export type User = typeof users.$inferSelect;

/** FEATURES A2: letters, digits, "." and "_" only. */
export const USERNAME_RULE = {
  label: "Username",
  max: 64,
  pattern: /^[A-Za-z0-9._]+$/,
  patternHint: "may only have letters, digits, . and _",
} as const;

export function getUser(db: Db, id: string): User {
  const user = db.select().from(users).where(eq(users.id, id)).get();
  if (!user) throw new NotFound("No such user.");
  return user;
}

export function findUserByUsername(db: Db, username: string): User | undefined {
  return db.select().from(users).where(eq(users.username, username)).get();
}
