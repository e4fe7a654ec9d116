import type { MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { Forbidden, randomToken, safeEqual } from "../shared/index.ts";
import type { Env } from "./env.ts";

export const CSRF_COOKIE = "sb_csrf";
export const CSRF_FIELD = "_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence in two layers: a browser-sent Origin (or Referer) must be this site, and every
 * state-changing request must echo the per-browser token from the cookie in a form field or header.
 * Routes listed in `exempt` (the public widget API, later) authenticate differently.
 */
export function csrfProtection(opts: { secureCookie: boolean; exempt?: (path: string) => boolean }): MiddlewareHandler<Env> {
  return async (c, next) => {
    let token = getCookie(c, CSRF_COOKIE);
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      token = randomToken();
      setCookie(c, CSRF_COOKIE, token, { httpOnly: true, secure: opts.secureCookie, sameSite: "Lax", path: "/" });
    }
    c.set("csrfToken", token);
    if (SAFE.has(c.req.method) || opts.exempt?.(c.req.path)) return next();

    const origin = c.req.header("origin") ?? refererOrigin(c.req.header("referer"));
    const self = new URL(c.req.url);
    if (origin && origin !== self.origin && origin !== `${self.protocol}//${c.req.header("host")}`)
      throw new Forbidden("This request came from another site and was refused.");

    const sent = c.req.header(CSRF_HEADER) ?? (await formToken(c.req.raw.headers.get("content-type"), () => c.req.parseBody()));
    if (!sent || !safeEqual(sent, token)) throw new Forbidden("Your form expired. Reload the page and try again.");
    return next();
  };
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

async function formToken(contentType: string | null, parse: () => Promise<Record<string, unknown>>) {
  if (!contentType || !/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(contentType)) return undefined;
  try {
    const value = (await parse())[CSRF_FIELD];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
