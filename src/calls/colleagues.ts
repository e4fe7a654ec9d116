import { enabledUserByExtension } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import { storedState } from "../presence/index.ts";
import type { Colleague } from "./internal-calls.ts";

/** The enabled agent with this extension, and whether they are signed in to the queues; null when none has it. */
export function colleagueByExtension(db: Db, extension: string): Colleague | null {
  const user = enabledUserByExtension(db, extension);
  if (!user) return null;
  const state = storedState(db, user.id);
  return { userId: user.id, name: user.fullName, signedIn: state !== null && state !== "logged_out" };
}
