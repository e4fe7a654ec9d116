import type { MiddlewareHandler } from "hono";
import { type ApiScope, type ApiToken, apiTokenScopes, resolveApiToken } from "../auth/index.ts";
import type { Actor } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { type Clock, TooManyRequests } from "../shared/index.ts";
import type { ApiEnv } from "./env.ts";
import { errorJson } from "./errors.ts";

/** Requests one token may make per minute. */
export const API_RATE_PER_MINUTE = 120;

/**
 * Authenticates by `Authorization: Bearer <token>` only: cookies never count here, so a browser session
 * cannot be made to call the API (which is why CSRF checks do not apply). Each token is rate limited.
 */
export function bearerAuth(db: Db, clock: Clock): MiddlewareHandler<ApiEnv> {
  const perToken = new RateLimiter(clock, API_RATE_PER_MINUTE, 60_000);
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1] ? resolveApiToken(db, match[1], clock.now()) : null;
    if (!token) {
      c.header("WWW-Authenticate", 'Bearer realm="switchboard"');
      return errorJson(c, 401, match ? "The token is unknown, expired or revoked." : "Send an API token as Authorization: Bearer <token>.");
    }
    try {
      perToken.hit(token.id, "Too many requests for this token. Wait and try again.");
    } catch (err) {
      if (!(err instanceof TooManyRequests)) throw err;
      c.header("Retry-After", String(Math.max(1, Math.ceil(perToken.retryAfterMs(token.id) / 1000))));
      return errorJson(c, 429, err.message);
    }
    c.set("token", token);
    await next();
  };
}

/** Refuses (403) a token without the scope an operation needs. */
export function needs(scope: ApiScope): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!apiTokenScopes(c.get("token")).includes(scope)) return errorJson(c, 403, `This token lacks the ${scope} scope.`);
    await next();
  };
}

/** Changes made through the API are audited under the token's name (and the admin who issued it). */
export function tokenActor(token: ApiToken): Actor {
  return { id: token.createdBy, name: `API token "${token.name}"` };
}
