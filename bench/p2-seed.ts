/** Fixtures for bench/p2.ts, written straight into the database before the appliance starts. */
import { join } from "node:path";
import { createSession, SESSION_COOKIE } from "../src/auth/index.ts";
import { users } from "../src/auth/schema.ts";
import { migrate, openDb } from "../src/db/index.ts";
import { queueMembers, queues } from "../src/routing/schema.ts";
import { newId } from "../src/shared/index.ts";
import { createInboundRoute, saveTrunk, TRUNK_DEFAULTS } from "../src/trunk/index.ts";

/** The number sipp dials; routed to the bench's voice queue. */
export const P2_DID = "+41440000200";

/**
 * The trunk in IP mode for 127.0.0.1 (so sipp on loopback is the provider), one voice queue with `agentCount`
 * members and no wrap-up, routed from P2_DID. Every agent answers voice at once (auto-answer after 0 s), as an
 * agent with auto-answer set does, so no console is needed to take the calls. Sessions are made directly.
 */
export function seedVoice(dataDir: string, agentCount: number): { cookies: string[] } {
  const db = openDb(join(dataDir, "switchboard.db"));
  migrate(db);
  const now = Date.now();
  const actor = { id: null, name: "bench" };
  saveTrunk(
    db,
    { ...TRUNK_DEFAULTS, enabled: true, host: "192.0.2.10", authMode: "ip", allowList: ["127.0.0.1"], codecs: ["PCMU"] },
    actor,
    now,
  );
  const queueId = newId();
  db.insert(queues)
    .values({
      id: queueId,
      name: "Bench line",
      channel: "voice",
      ringTimeoutS: 60,
      wrapUpS: 0,
      maxWaitS: 3600,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  createInboundRoute(db, { did: P2_DID, label: "Bench", target: { kind: "queue", id: queueId } }, actor, now);
  const cookies = Array.from({ length: agentCount }, (_, n) => {
    const id = newId();
    const name = `Agent ${n + 1}`;
    db.insert(users)
      .values({
        id,
        username: `agent${n + 1}`,
        fullName: name,
        alias: name,
        role: "agent",
        autoAnswerVoice: 0,
        createdAt: now,
        updatedAt: now,
      })
      .run();
    db.insert(queueMembers).values({ queueId, userId: id }).run();
    return `${SESSION_COOKIE}=${createSession(db, id, now, 12 * 3600_000)}`;
  });
  db.$client.close();
  return { cookies };
}

/** `bun bench/p2-seed.ts DATA_DIR N` prints the cookies as JSON: bench/p2.ts seeds in a process of its own, so no
 * connection of its own to the database outlives the seeding when the appliance opens it. */
if (import.meta.main) console.log(JSON.stringify(seedVoice(String(process.argv[2]), Number(process.argv[3]))));
