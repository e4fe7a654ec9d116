import { transaction, type Db, type Tx } from "../db/index.ts";
import { type Change, changesBetween } from "../shared/index.ts";
import { SETTING_DEFAULTS, type Settings } from "./defaults.ts";
import { settings } from "./schema.ts";

/** Settings are read on nearly every request; saveSettings (their only writer) refreshes this copy. */
const cache = new WeakMap<object, Settings>();

/** The current settings: stored values over defaults. The caller gets its own copy. */
export function getSettings(db: Db): Settings {
  let current = cache.get(db.$client);
  if (!current) {
    const out: Record<string, unknown> = structuredClone(SETTING_DEFAULTS);
    for (const row of db.select().from(settings).all()) {
      if (row.key in out) out[row.key] = JSON.parse(row.value);
    }
    current = out as Settings;
    cache.set(db.$client, current);
  }
  return structuredClone(current);
}

type Key = keyof Settings;

/**
 * Stores the given keys in one transaction and returns the keys whose value changed. `alsoInTx` runs
 * inside that transaction (the caller records its audit row there, so both commit together).
 */
export function saveSettings(
  db: Db,
  patch: Partial<Settings>,
  now: number,
  alsoInTx?: (tx: Tx, changed: Key[], before: Settings) => void,
): Key[] {
  const before = getSettings(db);
  const changed = (Object.keys(patch) as Key[]).filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(before[k]));
  cache.delete(db.$client);
  transaction(db, (tx) => {
    for (const key of changed) {
      const value = JSON.stringify(patch[key]);
      tx.insert(settings)
        .values({ key, value, updatedAt: now })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
        .run();
    }
    alsoInTx?.(tx, changed, before);
  });
  cache.delete(db.$client);
  return changed;
}

/** What changed, for the audit log: each changed key's old and new value; SMTP, Salesforce and sign-in secrets only as changed or not. */
export function settingsChangeDetail(changed: Key[], patch: Partial<Settings>, before: Settings): Record<string, unknown> {
  const changes: Record<string, Change> = {};
  for (const key of changed) {
    if (key === "smtp" && patch.smtp) Object.assign(changes, changesBetween(before.smtp, patch.smtp, ["pass"]));
    else if (key === "salesforce" && patch.salesforce)
      Object.assign(changes, changesBetween(before.salesforce, patch.salesforce, ["clientSecret", "password"]));
    else if (key === "sso" && patch.sso) Object.assign(changes, changesBetween(before.sso, patch.sso, ["clientSecret"]));
    else changes[key] = { from: before[key], to: patch[key] };
  }
  return { changes };
}
