import { existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createAdmin, passwordProblem, USERNAME_RULE } from "../auth/index.ts";
import type { Config } from "../config.ts";
import { backupTo, openCheckedDb, openDb } from "../db/index.ts";
import { getSettings } from "../settings/index.ts";
import { Conflict, NotFound, ValidationError } from "../shared/index.ts";

type Print = (line: string) => void;

export const dbPathOf = (config: Config) => join(config.dataDir, "switchboard.db");

/** `switchboard migrate`: applies what is missing; a second run says the database is up to date. Refuses a damaged database. */
export function migrateCommand(config: Config, print: Print): void {
  const { db, applied } = openCheckedDb(dbPathOf(config), { syncEachCommit: true });
  db.$client.close();
  print(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
}

/**
 * `switchboard backup FILE`: SQLite's VACUUM INTO reads one consistent snapshot, so it is safe while the
 * appliance serves. Written beside FILE first and renamed, so FILE is never a half-written copy.
 */
export function backupCommand(config: Config, file: string, print: Print): void {
  const target = resolve(file);
  if (!existsSync(dbPathOf(config))) throw new NotFound(`there is no database in ${config.dataDir} to back up`);
  if (existsSync(target)) throw new Conflict(`${target} already exists; choose a new file name`);
  if (!existsSync(dirname(target))) throw new NotFound(`the folder ${dirname(target)} does not exist`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const db = openDb(dbPathOf(config));
  try {
    backupTo(db, partial);
  } finally {
    db.$client.close();
  }
  renameSync(partial, target);
  print(`backup written to ${target}`);
}

export type AdminFlags = { username?: string; fullName?: string; email?: string };

/** `switchboard create-admin`: one more admin, with the password policy of the center. */
export async function createAdminCommand(config: Config, flags: AdminFlags, password: string, print: Print): Promise<void> {
  const username = flags.username ?? "admin";
  if (!USERNAME_RULE.pattern.test(username) || username.length > USERNAME_RULE.max)
    throw new ValidationError(`--username ${USERNAME_RULE.patternHint}`);
  const { db } = openCheckedDb(dbPathOf(config), { syncEachCommit: true });
  try {
    const problem = passwordProblem(password, getSettings(db).strongPasswords);
    if (problem) throw new ValidationError(`${problem}.`);
    const input = { username, fullName: flags.fullName ?? "Administrator", email: flags.email ?? "", password };
    await createAdmin(db, input, Date.now());
  } finally {
    db.$client.close();
  }
  print(`admin "${username}" created`);
}

/** The first line of a stream (the password piped to create-admin), without waiting for the end of input. */
export async function readFirstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (!text.includes("\n")) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
  return text.split(/\r?\n/)[0] ?? "";
}
