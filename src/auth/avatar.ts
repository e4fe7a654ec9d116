import { eq, sql } from "drizzle-orm";
import { type Db, preparedQuery, type Tx } from "../db/index.ts";
import { avatars } from "./schema.ts";

export const AVATAR_MAX_BYTES = 8 * 1024 * 1024;
export type AvatarImage = { mime: "image/png" | "image/jpeg"; data: Buffer };
export type AvatarUpload = { image: AvatarImage } | { error: string } | null;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The image type told by the bytes themselves. The file name and the declared type are the
 * sender's word; an SVG or HTML file renamed .png must not be served back as an image.
 */
export function sniffImage(bytes: Uint8Array): AvatarImage["mime"] | null {
  const starts = (sig: number[], at = 0) => bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
  // A PNG opens with its signature and then the IHDR chunk.
  if (starts(PNG_SIGNATURE) && starts([0x49, 0x48, 0x44, 0x52], 12)) return "image/png";
  // A JPEG opens with the SOI marker followed by another marker.
  if (starts([0xff, 0xd8, 0xff]) && bytes.length > 4) return "image/jpeg";
  return null;
}

/** Reads an uploaded avatar form field: null when no file was chosen, else the image or a message for the form. */
export async function readAvatarUpload(value: unknown, maxBytes = AVATAR_MAX_BYTES): Promise<AvatarUpload> {
  const field = Array.isArray(value) ? value[0] : value;
  if (field === undefined || field === "") return null;
  if (!(field instanceof Blob)) return { error: "Choose an image file to upload" };
  if (field.size === 0) return null;
  const mb = Math.round(maxBytes / 1048576);
  if (field.size > maxBytes) return { error: `The avatar must be at most ${mb} MB` };
  const data = Buffer.from(await field.arrayBuffer());
  const mime = sniffImage(data);
  if (!mime) return { error: "The avatar must be a PNG or JPEG image" };
  return { image: { mime, data } };
}

export function putAvatar(db: Db | Tx, userId: string, image: AvatarImage, now: number): void {
  db.insert(avatars)
    .values({ userId, mime: image.mime, data: image.data, updatedAt: now })
    .onConflictDoUpdate({ target: avatars.userId, set: { mime: image.mime, data: image.data, updatedAt: now } })
    .run();
}

/** Removes the avatar; true when there was one. */
export function removeAvatar(db: Db | Tx, userId: string): boolean {
  return db.delete(avatars).where(eq(avatars.userId, userId)).returning({ id: avatars.userId }).all().length > 0;
}

// Read for every console page: built once (see preparedQuery).
const avatarOf = preparedQuery((db) =>
  db
    .select({ id: avatars.userId })
    .from(avatars)
    .where(eq(avatars.userId, sql.placeholder("userId")))
    .prepare(),
);

export function hasAvatar(db: Db | Tx, userId: string): boolean {
  return Boolean(avatarOf(db).get({ userId }));
}

/** The stored picture of a user, or null when they have none. */
export function getAvatar(db: Db | Tx, userId: string): { mime: string; data: Buffer } | null {
  return db.select({ mime: avatars.mime, data: avatars.data }).from(avatars).where(eq(avatars.userId, userId)).get() ?? null;
}
