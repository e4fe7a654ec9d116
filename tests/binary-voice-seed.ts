/** A data folder made ready for trunk calls before the compiled executable starts on it. */
import { migrate, openDb } from "../src/db/index.ts";
import { createInboundRoute, saveTrunk, TRUNK_DEFAULTS } from "../src/trunk/index.ts";
import { insertQueue } from "./support/fixtures.ts";

export const BINARY_DID = "+41441234567";

/** The trunk in IP mode for 127.0.0.1, a voice queue without agents, and the route from the DID to it. */
export function seedVoiceDataDir(dbPath: string): string {
  const db = openDb(dbPath);
  migrate(db);
  const actor = { id: null, name: "test" };
  const trunk = { ...TRUNK_DEFAULTS, enabled: true, host: "192.0.2.10", authMode: "ip" as const, allowList: ["127.0.0.1"] };
  saveTrunk(db, trunk, actor, Date.now());
  const queueId = insertQueue(db, { name: "Sales line", channel: "voice" });
  createInboundRoute(db, { did: BINARY_DID, label: "Sales", target: { kind: "queue", id: queueId } }, actor, Date.now());
  db.$client.close();
  return queueId;
}
