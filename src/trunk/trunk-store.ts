import { eq } from "drizzle-orm";
import { type Actor, changesBetween, recordAudit } from "../audit/index.ts";
import { type Db, transaction } from "../db/index.ts";
import { sipTrunk } from "./schema.ts";
import { getTrunk, TRUNK_ID, type TrunkConfig } from "./trunk-config.ts";

type Key = keyof TrunkConfig;

/**
 * Stores the trunk and records what changed in the audit log, in one transaction. Returns the changed
 * keys (none: nothing is written). The password appears in the audit only as changed or not.
 */
export function saveTrunk(db: Db, next: TrunkConfig, actor: Actor, now: number): Key[] {
  const before = getTrunk(db);
  const changed = (Object.keys(next) as Key[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
  if (!changed.length) return changed;
  const columns = {
    ...next,
    allowList: JSON.stringify(next.allowList),
    numberRules: JSON.stringify(next.numberRules),
    codecs: JSON.stringify(next.codecs),
    updatedAt: now,
  };
  transaction(db, (tx) => {
    tx.insert(sipTrunk)
      .values({ id: TRUNK_ID, ...columns })
      .onConflictDoUpdate({ target: sipTrunk.id, set: columns })
      .run();
    recordAudit(tx, actor, "trunk.updated", { type: "trunk", id: TRUNK_ID }, { changes: changesBetween(before, next, ["password"]) }, now);
  });
  return changed;
}

/** What the process serving SIP last said about the trunk; kept beside the settings for doctor and the page. */
export type StoredStatus = { state: string; detail: string; at: number | null; until: number | null };

export function readStoredStatus(db: Db): StoredStatus | undefined {
  const row = db
    .select({ state: sipTrunk.statusState, detail: sipTrunk.statusDetail, at: sipTrunk.statusAt, until: sipTrunk.statusUntil })
    .from(sipTrunk)
    .where(eq(sipTrunk.id, TRUNK_ID))
    .get();
  return row?.state ? row : undefined;
}

/** Records the runtime status (not an admin change, so not audited); nothing to do before the trunk is saved. */
export function writeStoredStatus(db: Db, status: StoredStatus): void {
  db.update(sipTrunk)
    .set({ statusState: status.state, statusDetail: status.detail, statusAt: status.at, statusUntil: status.until })
    .where(eq(sipTrunk.id, TRUNK_ID))
    .run();
}
