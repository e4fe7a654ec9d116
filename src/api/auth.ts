import type { Context, MiddlewareHandler } from "hono";
import { type ApiScope, type ApiToken, apiTokenScopes, resolveApiToken } from "../auth/index.ts";
import type { Actor } from "../audit/index.ts";
import type { Db } from "../db/index.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { clientIp } from "../http/request.ts";
import { type Clock, TooManyRequests } from "../shared/index.ts";
import type { ApiEnv } from "./env.ts";
import { errorJson } from "./errors.ts";

/** Requests one token may make per minute. */
export const API_RATE_PER_MINUTE = 120;
/** Requests without a valid token one address may make per minute (guessing and floods end in 429, not 401). */
export const API_UNAUTHENTICATED_PER_MINUTE = 30;

/**
 * Authenticates by `Authorization: Bearer <token>` only: cookies never count here, so a browser session
 * cannot be made to call the API (which is why CSRF checks do not apply). Each token is rate limited, and so is
 * each address's calls without a valid token (a valid token is counted against itself only, so an integration
 * behind a shared address is not held up by someone else's bad calls).
 */
export function bearerAuth(db: Db, clock: Clock): MiddlewareHandler<ApiEnv> {
  const perToken = new RateLimiter(clock, API_RATE_PER_MINUTE, 60_000);
  const perAddress = new RateLimiter(clock, API_UNAUTHENTICATED_PER_MINUTE, 60_000);
  const limited = (c: Context<ApiEnv>, limiter: RateLimiter, key: string, message: string) => {
    try {
      limiter.hit(key, message);
      return null;
    } catch (err) {
      if (!(err instanceof TooManyRequests)) throw err;
      c.header("Retry-After", String(Math.max(1, Math.ceil(limiter.retryAfterMs(key) / 1000))));
      return errorJson(c, 429, err.message);
    }
  };
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1] ? resolveApiToken(db, match[1], clock.now()) : null;
    if (!token) {
      const tooMany = limited(c, perAddress, clientIp(c), "Too many requests without a valid token from your address. Wait and try again.");
      if (tooMany) return tooMany;
      c.header("WWW-Authenticate", 'Bearer realm="switchboard"');
      return errorJson(c, 401, match ? "The token is unknown, expired or revoked." : "Send an API token as Authorization: Bearer <token>.");
    }
    const tooMany = limited(c, perToken, token.id, "Too many requests for this token. Wait and try again.");
    if (tooMany) return tooMany;
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
