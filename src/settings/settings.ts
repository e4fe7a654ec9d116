import { transaction, type Db } from "../db/index.ts";
import { settings } from "./schema.ts";
import { SETTING_DEFAULTS, type Settings } from "./defaults.ts";

/** The current settings: stored values over defaults. */
export function getSettings(db: Db): Settings {
  const out: Record<string, unknown> = structuredClone(SETTING_DEFAULTS);
  for (const row of db.select().from(settings).all()) {
    if (row.key in out) out[row.key] = JSON.parse(row.value);
  }
  return out as Settings;
}

/** Stores the given keys in one transaction and returns the keys whose value changed. */
export function saveSettings(db: Db, patch: Partial<Settings>, now: number): (keyof Settings)[] {
  const before = getSettings(db);
  const changed = (Object.keys(patch) as (keyof Settings)[]).filter((k) => JSON.stringify(patch[k]) !== JSON.stringify(before[k]));
  transaction(db, (tx) => {
    for (const key of changed) {
      const value = JSON.stringify(patch[key]);
      tx.insert(settings)
        .values({ key, value, updatedAt: now })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } })
        .run();
    }
  });
  return changed;
}
