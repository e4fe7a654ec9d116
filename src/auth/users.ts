import { and, asc, eq, inArray, isNotNull, ne, or, type SQL, sql } from "drizzle-orm";
import { type Db, preparedQuery, type Tx } from "../db/index.ts";
import { NotFound, ValidationError } from "../shared/index.ts";
import { type Role, signInFailures, users } from "./schema.ts";

export type User = typeof users.$inferSelect;

/** FEATURES A2: letters, digits, "." and "_" only. */
export const USERNAME_RULE = {
  label: "Username",
  max: 64,
  pattern: /^[A-Za-z0-9._]+$/,
  patternHint: "may only have letters, digits, . and _",
} as const;

/** Extensions are dialled on phones: digits only, 2 to 8 long. */
export const EXTENSION_RULE = {
  label: "Extension",
  max: 8,
  pattern: /^\d{2,8}$/,
  patternHint: "must be 2 to 8 digits",
} as const;

export const FIRST_EXTENSION = 1001;
export const USERS_PAGE_SIZE = 25;
export const USER_STATES = ["active", "disabled", "locked"] as const;
export type UserState = (typeof USER_STATES)[number];

// Read for every agent message, push and page: built once (see preparedQuery).
const userById = preparedQuery((db) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare(),
);

export function getUser(db: Db | Tx, id: string): User {
  const user = findUser(db, id);
  if (!user) throw new NotFound("No such user.");
  return user;
}

export function findUser(db: Db | Tx, id: string): User | undefined {
  return userById(db).get({ id });
}

export type Person = { id: string; fullName: string; username: string; role: Role; disabled: boolean };

/** People by full name: everyone, or only those with these ids. */
export function listPeople(db: Db | Tx, ids?: readonly string[]): Person[] {
  if (ids && !ids.length) return [];
  return db
    .select({ id: users.id, fullName: users.fullName, username: users.username, role: users.role, disabled: users.disabled })
    .from(users)
    .where(ids ? inArray(users.id, [...ids]) : undefined)
    .orderBy(asc(users.fullName))
    .all();
}

/** Every user's id, username and full name (a center has a few hundred at most). */
export function userNames(db: Db | Tx): { id: string; username: string; fullName: string }[] {
  return db.select({ id: users.id, username: users.username, fullName: users.fullName }).from(users).all();
}

/** The enabled user with this extension, if any. */
export function enabledUserByExtension(db: Db | Tx, extension: string): User | undefined {
  return db
    .select()
    .from(users)
    .where(and(eq(users.extension, extension), eq(users.disabled, false)))
    .get();
}

/** Agents and supervisors who have an extension (who can take a call by number), by name. */
export function usersWithExtension(db: Db | Tx): User[] {
  return db
    .select()
    .from(users)
    .where(and(ne(users.role, "admin"), isNotNull(users.extension)))
    .orderBy(asc(users.fullName))
    .all();
}

export function findUserByUsername(db: Db, username: string): User | undefined {
  return db.select().from(users).where(eq(users.username, username)).get();
}

/** The users with these ids (unknown ids are skipped), by username. */
export function usersByIds(db: Db | Tx, ids: readonly string[]): User[] {
  if (!ids.length) return [];
  return db
    .select()
    .from(users)
    .where(inArray(users.id, [...ids]))
    .orderBy(asc(users.username))
    .all();
}

/** `now` makes "locked" include users whose sign-in is paused from some address at that time. */
export type UserFilter = { search?: string; role?: Role | ""; state?: UserState | ""; page?: number; now?: number };

/** One page of users matching a search over name, username, alias, email and extension. */
export function listUsers(db: Db, filter: UserFilter) {
  const where = filterWhere(filter);
  const total = db.select({ n: sql<number>`count(*)` }).from(users).where(where).get()?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);
  const rows = db
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(users.fullName), asc(users.username))
    .limit(USERS_PAGE_SIZE)
    .offset((page - 1) * USERS_PAGE_SIZE)
    .all();
  return { rows, total, page, pages };
}

function filterWhere(f: UserFilter): SQL | undefined {
  const conds: (SQL | undefined)[] = [];
  if (f.search) {
    const pattern = `%${f.search.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const cols = [users.fullName, users.username, users.alias, users.email, users.extension];
    conds.push(or(...cols.map((col) => sql`${col} like ${pattern} escape '\\'`)));
  }
  if (f.role) conds.push(eq(users.role, f.role));
  if (f.state === "disabled") conds.push(eq(users.disabled, true));
  const paused =
    f.now === undefined
      ? sql`0`
      : sql`exists (select 1 from ${signInFailures} where ${signInFailures.username} = lower(${users.username}) and ${signInFailures.blockedUntil} > ${f.now})`;
  if (f.state === "locked") conds.push(or(eq(users.locked, true), paused));
  if (f.state === "active") conds.push(and(eq(users.disabled, false), eq(users.locked, false), sql`not ${paused}`));
  return conds.length ? and(...conds) : undefined;
}

/** The lowest free numeric extension from 1001 up (a user's own extension counts as free for them). */
export function nextFreeExtension(db: Db | Tx, exceptUserId?: string): string {
  const taken = new Set(
    db
      .select({ ext: users.extension })
      .from(users)
      .where(and(isNotNull(users.extension), exceptUserId ? ne(users.id, exceptUserId) : undefined))
      .all()
      .map((r) => r.ext),
  );
  let n = FIRST_EXTENSION;
  while (taken.has(String(n))) n++;
  return String(n);
}

/** Refuses a username (compared without case) or extension that another user already has. */
export function assertUnique(db: Db | Tx, username: string, extension: string | null, exceptUserId: string | null): void {
  const other = exceptUserId ? ne(users.id, exceptUserId) : undefined;
  const errors: Record<string, string> = {};
  const sameName = db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.username}) = lower(${username})`, other))
    .get();
  if (sameName) errors.username = `The username ${username} is taken`;
  if (
    extension &&
    db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.extension, extension), other))
      .get()
  )
    errors.extension = `Extension ${extension} belongs to another user`;
  if (Object.keys(errors).length) throw new ValidationError("Please correct the highlighted fields.", errors);
}

export function countAdmins(db: Db | Tx): number {
  return db.select({ n: sql<number>`count(*)` }).from(users).where(eq(users.role, "admin")).get()?.n ?? 0;
}

/** Up to `limit` users after the given username, by username (the REST API's cursor pages). */
export function usersAfter(db: Db, filter: Omit<UserFilter, "page">, after: string | null, limit: number): User[] {
  return db
    .select()
    .from(users)
    .where(and(filterWhere(filter), after === null ? undefined : sql`${users.username} > ${after}`))
    .orderBy(asc(users.username))
    .limit(limit)
    .all();
}
