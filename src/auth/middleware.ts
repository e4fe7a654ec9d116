import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Db } from "../db/index.ts";
import type { AuthedEnv, Env } from "./request-env.ts";
import type { Clock } from "../shared/index.ts";
import { Forbidden } from "../shared/index.ts";
import type { Role } from "./schema.ts";
import { resolveSession } from "./sessions.ts";

export const SESSION_COOKIE = "sb_session";

/** Loads the signed-in user (or null) for every request. */
export function sessionMiddleware(db: Db, clock: Clock, ttlMs: number): MiddlewareHandler<Env> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE) ?? null;
    const user = token && token.length < 100 ? resolveSession(db, token, clock.now(), ttlMs) : null;
    c.set("user", user);
    c.set("sessionToken", user ? token : null);
    await next();
  };
}

export function setSessionCookie(c: Context, token: string, ttlMs: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/",
    maxAge: Math.floor(ttlMs / 1000),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true });
}

/**
 * Guards a route: anonymous visitors go to the sign-in page (htmx requests get 401 plus a redirect
 * header), signed-in users without one of the roles get 403.
 */
export function requireRole(...roles: Role[]): MiddlewareHandler<AuthedEnv> {
  return async (c, next) => {
    const user = (c as unknown as Context<Env>).get("user");
    if (!user) {
      const next_ = encodeURIComponent(c.req.path);
      if (c.req.header("HX-Request")) {
        c.header("HX-Redirect", `/login?next=${next_}`);
        return c.text("Sign in first.", 401);
      }
      if (c.req.method === "GET") return c.redirect(`/login?next=${next_}`);
      return c.text("Sign in first.", 401);
    }
    if (!roles.includes(user.role)) throw new Forbidden("You do not have access to this page.");
    await next();
  };
}

/** Has this user the given module permission (FEATURES A1)? Admins have all. */
export function hasPermission(user: { role: Role; permissions: string }, permission: string): boolean {
  if (user.role === "admin") return true;
  try {
    return (JSON.parse(user.permissions) as string[]).includes(permission);
  } catch {
    return false;
  }
}

/**
 * Guards a route by a module permission (FEATURES A1), after requireRole: without it the user gets 403 and
 * the message says which permission is missing.
 */
export function requirePermission(permission: string, what: string): MiddlewareHandler<AuthedEnv> {
  return async (c, next) => {
    if (!hasPermission(c.get("user"), permission)) throw new Forbidden(`You do not have the ${what} permission.`);
    await next();
  };
}
