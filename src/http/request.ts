import type { Context } from "hono";
import { getConnInfo } from "hono/bun";

/** The client address (the socket's peer; proxies are not trusted by default). */
export function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** The parsed form body with every value kept (repeated fields become arrays). */
export async function formBody(c: Context): Promise<Record<string, unknown>> {
  try {
    return (await c.req.parseBody({ all: true })) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** A local path to go to after sign-in; anything else (other sites, protocol-relative) becomes the fallback. */
export function safeNext(next: unknown, fallback: string): string {
  return typeof next === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) && next.length < 500 ? next : fallback;
}

export function isHtmx(c: Context): boolean {
  return c.req.header("HX-Request") === "true";
}
