/** Password hashing (argon2id through Bun.password) and the optional strong-password policy (FEATURES A3). */
export const PASSWORD_MAX = 200;

export function passwordProblem(password: string, strong: boolean): string | null {
  if (password.length > PASSWORD_MAX) return `Password must be at most ${PASSWORD_MAX} characters`;
  if (password.length < 8) return "Password must be at least 8 characters";
  if (!strong) return null;
  const missing = [
    [/[a-z]/, "a lower-case letter"],
    [/[A-Z]/, "an upper-case letter"],
    [/\d/, "a digit"],
    [/[^A-Za-z0-9]/, "a special character"],
  ]
    .filter(([re]) => !(re as RegExp).test(password))
    .map(([, what]) => what);
  return missing.length ? `Password needs ${missing.join(", ")}` : null;
}

export function hashPassword(password: string): Promise<string> {
  return Bun.password.hash(password, { algorithm: "argon2id" });
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return Bun.password.verify(password, hash);
}

/** A hash to verify against when the user does not exist, so both cases take the same time. */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(crypto.randomUUID());
  return decoyHash;
}
