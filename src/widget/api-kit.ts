import { type Context, Hono } from "hono";
import { type Conversation, visitorConversation } from "../chat/index.ts";
import type { Db } from "../db/index.ts";
import type { Env } from "../http/env.ts";
import { AppError, DISK_FULL_MESSAGE, type DiskAlarm, isDiskFull, type Logger, ValidationError } from "../shared/index.ts";

/** A Hono app whose errors are JSON (`{ error, fields }`), which the widget shows beside the form or in the chat. */
export function jsonApp({ log, disk }: { log: Logger; disk: DiskAlarm }): Hono<Env> {
  const app = new Hono<Env>();
  app.onError((err, c) => {
    if (err instanceof ValidationError) return c.json({ error: err.message, fields: err.fields }, 422);
    if (err instanceof AppError) return c.json({ error: err.message }, err.status as 400);
    if (isDiskFull(err)) {
      disk.noteFull(err, c.req.path);
      return c.json({ error: DISK_FULL_MESSAGE }, 503);
    }
    log.error("unhandled widget error", { err, path: c.req.path, requestId: c.get("requestId") });
    return c.json({ error: "An unexpected error happened. It has been logged." }, 500);
  });
  return app;
}

/** The JSON object in the request body; anything else is a 422 with a message. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = await c.req.json();
  } catch {
    throw new ValidationError("The request body must be a JSON object.");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new ValidationError("The request body must be a JSON object.");
  return value as Record<string, unknown>;
}

/** The visitor token from `Authorization: Bearer …` (never a cookie, so other sites cannot ride on it). */
export function bearer(c: Context): string | null {
  const m = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(c.req.header("authorization") ?? "");
  return m?.[1] ?? null;
}

/** The conversation named in the path, for the holder of its token only. */
export function visitorOf(c: Context, db: Db): Conversation {
  return visitorConversation(db, c.req.param("id") ?? "", bearer(c));
}
