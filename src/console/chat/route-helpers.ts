import type { Context } from "hono";
import type { AuthedEnv } from "../../http/env.ts";
import { isHtmx } from "../../http/request.ts";

export type C = Context<AuthedEnv>;

/** Per agent and window: messages, files, typing signals; transcripts per chat. */
export const CHAT_LIMITS = {
  messages: { count: 60, windowMs: 10_000 },
  files: { count: 20, windowMs: 10 * 60_000 },
  typing: { count: 120, windowMs: 60_000 },
  transcripts: { count: 5, windowMs: 60 * 60_000 },
} as const;

/**
 * A refused form goes back in place of itself (422), although a good answer goes elsewhere (the
 * message log): htmx follows these headers.
 */
export function backInPlace(c: C, selector: string): void {
  c.header("HX-Retarget", selector);
  c.header("HX-Reswap", "outerHTML");
}

/** Without htmx, a form post goes back to the console. */
export const notHtmx = (c: C) => !isHtmx(c);

/** The typed message, its line breaks stored once, as LF (browsers send CRLF). */
export function withLf(form: Record<string, unknown>, name: string): Record<string, unknown> {
  const v = form[name];
  return typeof v === "string" ? { ...form, [name]: v.replace(/\r\n?/g, "\n") } : form;
}
