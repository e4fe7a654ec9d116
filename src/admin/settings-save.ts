import { recordAudit } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import { type Settings, saveSettings, settingsChangeDetail } from "../settings/index.ts";

/** Saves an admin's change to center settings and audits what changed (field: old → new), in one transaction. */
export function saveSettingsAudited(db: Db, user: { id: string; username: string }, patch: Partial<Settings>, now: number): void {
  saveSettings(db, patch, now, (tx, changed, before) => {
    if (changed.length)
      recordAudit(
        tx,
        { id: user.id, name: user.username },
        "settings.updated",
        { type: "settings" },
        settingsChangeDetail(changed, patch, before),
        now,
      );
  });
}
