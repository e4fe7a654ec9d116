/** Fixtures for bench/routing.ts, written straight into the database before the appliance starts. */
import { join } from "node:path";
import { createSession, SESSION_COOKIE } from "../src/auth/index.ts";
import { users } from "../src/auth/schema.ts";
import { migrate, openDb } from "../src/db/index.ts";
import { CSRF_COOKIE } from "../src/http/csrf.ts";
import { queueMembers, queues } from "../src/routing/schema.ts";
import { newId, randomToken } from "../src/shared/index.ts";

export type BenchAgentLogin = { userId: string; cookie: string; csrf: string };
export type BenchSeed = { queueIds: string[]; agents: BenchAgentLogin[] };

/**
 * `queueCount` chat departments and `agentCount` agents, each in one of them, with room for ten chats at once.
 * Sessions are made directly (no argon2 sign-in per agent). Ring time is long and there is no wrap-up, so
 * every offer is either accepted or still ringing, and an ended chat frees its agent at once.
 */
export function seedRouting(dataDir: string, agentCount: number, queueCount: number): BenchSeed {
  const db = openDb(join(dataDir, "switchboard.db"));
  migrate(db);
  const now = Date.now();
  const queueIds = Array.from({ length: queueCount }, (_, n) => {
    const id = newId();
    const fields = { id, name: `Chat ${n + 1}`, channel: "chat" as const, ringTimeoutS: 120, wrapUpS: 0, maxWaitS: 3600 };
    db.insert(queues)
      .values({ ...fields, createdAt: now, updatedAt: now })
      .run();
    return id;
  });
  const agents = Array.from({ length: agentCount }, (_, n) => {
    const userId = newId();
    const username = `agent${String(n + 1).padStart(3, "0")}`;
    db.insert(users)
      .values({ id: userId, username, fullName: `Agent ${n + 1}`, role: "agent", capChat: 10, createdAt: now, updatedAt: now })
      .run();
    db.insert(queueMembers)
      .values({ queueId: queueIds[n % queueCount] as string, userId })
      .run();
    const csrf = randomToken();
    const cookie = `${SESSION_COOKIE}=${createSession(db, userId, now, 12 * 3600_000)}; ${CSRF_COOKIE}=${csrf}`;
    return { userId, cookie, csrf };
  });
  db.$client.close();
  return { queueIds, agents };
}
