import { and, eq } from "drizzle-orm";
import { users } from "../auth/index.ts";
import type { Db } from "../db/index.ts";
import { agentPresence } from "../presence/index.ts";
import type { Colleague } from "./internal-calls.ts";

/** The enabled agent with this extension, and whether they are signed in to the queues; null when none has it. */
export function colleagueByExtension(db: Db, extension: string): Colleague | null {
  const row = db
    .select({ id: users.id, name: users.fullName, state: agentPresence.state })
    .from(users)
    .leftJoin(agentPresence, eq(agentPresence.userId, users.id))
    .where(and(eq(users.extension, extension), eq(users.disabled, false)))
    .get();
  if (!row) return null;
  return { userId: row.id, name: row.name, signedIn: row.state !== null && row.state !== "logged_out" };
}
