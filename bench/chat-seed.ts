/** Fixtures for bench/chat.ts, written straight into the database before the appliance starts. */
import { join } from "node:path";
import { createSession, SESSION_COOKIE } from "../src/auth/index.ts";
import { users } from "../src/auth/schema.ts";
import { conversations } from "../src/chat/conversation-schema.ts";
import { migrate, openDb, transaction } from "../src/db/index.ts";
import { CSRF_COOKIE } from "../src/http/csrf.ts";
import { interactions } from "../src/routing/interactions-schema.ts";
import { queueMembers, queues } from "../src/routing/schema.ts";
import { saveSettings } from "../src/settings/index.ts";
import { newId, randomToken, sha256Hex } from "../src/shared/index.ts";

export type ChatBenchAgent = { userId: string; cookie: string; csrf: string };
export type ChatBenchSession = { conversationId: string; interactionId: string; token: string };
export type ChatBenchSeed = { agents: ChatBenchAgent[]; sessions: ChatBenchSession[] };

/** The website the visitors' requests come from (sent as Origin, as a browser on that site would). */
export const BENCH_SITE = "https://shop.bench.test";

/**
 * `agentCount` agents over `queueCount` chat departments, with no limit on parallel chats, and `sessionCount`
 * widget conversations already waiting in those departments (as the pre-chat form leaves them: an open
 * conversation and its queued chat). Pre-created because the widget API allows ten new chats per client
 * address in ten minutes and every benchmark client shares 127.0.0.1. Ring time is long and there is no
 * wrap-up, so agents accept at their own pace. Agent sessions are made directly (no argon2 sign-in).
 */
export function seedChat(dataDir: string, agentCount: number, queueCount: number, sessionCount: number): ChatBenchSeed {
  const db = openDb(join(dataDir, "switchboard.db"));
  migrate(db);
  const now = Date.now();
  saveSettings(db, { maxOpenInteractions: sessionCount, centerName: "Bench Center", widgetOrigins: [BENCH_SITE] }, now);
  const queueIds = Array.from({ length: queueCount }, (_, n) => {
    const id = newId();
    const fields = { id, name: `Chat ${n + 1}`, channel: "chat" as const, ringTimeoutS: 3600, wrapUpS: 0, maxWaitS: 36_000 };
    db.insert(queues)
      .values({ ...fields, createdAt: now, updatedAt: now })
      .run();
    return id;
  });
  const agents = Array.from({ length: agentCount }, (_, n) => {
    const userId = newId();
    const username = `agent${String(n + 1).padStart(3, "0")}`;
    const fields = { id: userId, username, fullName: `Agent ${n + 1}`, alias: `Agent ${n + 1}`, role: "agent" as const, capChat: 0 };
    db.insert(users)
      .values({ ...fields, createdAt: now, updatedAt: now })
      .run();
    db.insert(queueMembers)
      .values({ queueId: queueIds[n % queueCount] as string, userId })
      .run();
    const csrf = randomToken();
    return { userId, csrf, cookie: `${SESSION_COOKIE}=${createSession(db, userId, now, 12 * 3600_000)}; ${CSRF_COOKIE}=${csrf}` };
  });
  const sessions = transaction(db, (tx) =>
    Array.from({ length: sessionCount }, (_, n) => {
      const [conversationId, interactionId, token] = [newId(), newId(), randomToken()];
      const queueId = queueIds[n % queueCount] as string;
      const visitor = { customerName: `Visitor ${n}`, customerAddress: `visitor${n}@bench.test` };
      const at = now - sessionCount + n; // first come, first served in session order
      tx.insert(interactions)
        .values({
          id: interactionId,
          channel: "chat",
          direction: "inbound",
          status: "queued",
          queueId,
          ...visitor,
          createdAt: at,
          queuedAt: at,
        })
        .run();
      tx.insert(conversations)
        .values({
          id: conversationId,
          interactionId,
          tokenHash: sha256Hex(token),
          visitorName: visitor.customerName,
          visitorEmail: visitor.customerAddress,
          queueId,
          status: "open",
          createdAt: at,
        })
        .run();
      return { conversationId, interactionId, token };
    }),
  );
  db.$client.close();
  return { agents, sessions };
}
