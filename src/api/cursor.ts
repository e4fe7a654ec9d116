import { z } from "@hono/zod-openapi";
import { AppError } from "../shared/index.ts";

class BadRequest extends AppError {
  override readonly status = 400;
}

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ description: "Items per page (1–100)." }),
  cursor: z.string().max(400).optional().openapi({ description: "The `nextCursor` of the previous page." }),
};

/** Cursors are opaque to clients: base64url of a small JSON value the list function resumes after. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | null {
  if (cursor === undefined) return null;
  try {
    return shape.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new BadRequest("The cursor is not valid. Use the nextCursor of a previous page.");
  }
}

/** A page of `limit` items from a list fetched with one extra row: the extra one says there is more. */
export function pageOf<T, C>(rows: T[], limit: number, cursorOf: (last: T) => C) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}

export function pageSchema<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}
