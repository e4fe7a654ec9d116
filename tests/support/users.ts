import { eq } from "drizzle-orm";
import { createSession, createUser, hashPassword, NEW_USER_DEFAULTS, type UserInput } from "../../src/auth/index.ts";
import { users } from "../../src/auth/schema.ts";
import { TEST_PASSWORD, type TestApp } from "./harness.ts";

/** One argon2 hash per test file: hashing costs ~100 ms, so users share it. */
let sharedHash: Promise<string> | null = null;
export function testPasswordHash(): Promise<string> {
  sharedHash ??= hashPassword(TEST_PASSWORD);
  return sharedHash;
}

/** A user made through the domain function (no mail, no UI), who can sign in with TEST_PASSWORD. */
export async function makeUser(t: TestApp, over: Partial<UserInput> = {}): Promise<string> {
  const input: UserInput = { ...NEW_USER_DEFAULTS, fullName: "Ann Agent", username: "ann", ...over };
  const welcome = { mail: t.deps.mail, baseUrl: t.deps.baseUrl(), centerName: "Test center" };
  const { id } = createUser(t.db, input, { actor: { id: null, name: "test" }, now: t.clock.now(), welcome });
  t.db
    .update(users)
    .set({ passwordHash: await testPasswordHash() })
    .where(eq(users.id, id))
    .run();
  return id;
}

/** A client already signed in as this user (a session made directly, skipping the password check). */
export function signedIn(t: TestApp, userId: string) {
  const c = t.client();
  c.cookies.set("sb_session", createSession(t.db, userId, t.clock.now(), 3600_000));
  return c;
}

/** An admin (extension 10, so agents made in a test start at 1001) and a client signed in as them. */
export async function adminClient(t: TestApp) {
  const id = await makeUser(t, { fullName: "The Boss", username: "boss", role: "admin", extension: "10", email: "boss@example.test" });
  return { id, c: signedIn(t, id) };
}

/** A 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
export const SVG_BYTES = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

export function file(bytes: Uint8Array<ArrayBuffer>, name: string, type: string): File {
  return new File([bytes], name, { type });
}
