import { eq } from "drizzle-orm";
import { recordAudit } from "../audit/index.ts";
import { type Db, transaction } from "../db/index.ts";
import type { FormReader } from "../shared/index.ts";
import { type AvatarImage, putAvatar, removeAvatar } from "./avatar.ts";
import { NOTIFY_POSITIONS, users } from "./schema.ts";
import { ALIAS_MAX, FULL_NAME_MAX, type NotifyPosition } from "./user-form.ts";
import { getUser } from "./users.ts";

/** What a signed-in person may change about themself (FEATURES C5). */
export type ProfileInput = {
  fullName: string;
  alias: string;
  notifySound: boolean;
  notifyDesktop: boolean;
  notifyPosition: NotifyPosition;
};

export function readProfileInput(form: FormReader): ProfileInput {
  return {
    fullName: form.text("fullName", { label: "Full name", required: true, max: FULL_NAME_MAX }),
    alias: form.text("alias", { label: "Alias", max: ALIAS_MAX }),
    notifySound: form.bool("notifySound"),
    notifyDesktop: form.bool("notifyDesktop"),
    notifyPosition: form.oneOf("notifyPosition", "Notification position", NOTIFY_POSITIONS, "top-right"),
  };
}

/** Saves the profile; returns the names of the fields that changed (audited as the user's own change). */
export function updateProfile(db: Db, userId: string, input: ProfileInput, now: number): string[] {
  return transaction(db, (tx) => {
    const before = getUser(tx, userId);
    const changed = (Object.keys(input) as (keyof ProfileInput)[]).filter((k) => before[k] !== input[k]);
    if (!changed.length) return changed;
    tx.update(users)
      .set({ ...input, updatedAt: now })
      .where(eq(users.id, userId))
      .run();
    recordAudit(tx, { id: userId, name: before.username }, "profile.updated", { type: "user", id: userId }, { fields: changed }, now);
    return changed;
  });
}

/** Replaces (image) or removes (null) the user's own avatar. */
export function setOwnAvatar(db: Db, userId: string, image: AvatarImage | null, now: number): void {
  transaction(db, (tx) => {
    const user = getUser(tx, userId);
    if (image) putAvatar(tx, userId, image, now);
    else if (!removeAvatar(tx, userId)) return;
    const action = image ? "profile.avatar_changed" : "profile.avatar_removed";
    recordAudit(tx, { id: userId, name: user.username }, action, { type: "user", id: userId }, {}, now);
  });
}
