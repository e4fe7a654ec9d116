import type { MiddlewareHandler } from "hono";
import type { Env } from "../http/env.ts";
import { type Logger, type Metrics, newId } from "../shared/index.ts";

/**
 * Gives each request an id (kept from a proxy's X-Request-Id), echoes it in the response, counts the
 * request by method and status, and writes one access-log line at debug level.
 */
export function requestTelemetry(metrics: Metrics, log: Logger): MiddlewareHandler<Env> {
  const countRequest = metrics.counter("switchboard_http_requests_total", "HTTP requests by method and status");
  return async (c, next) => {
    const started = performance.now();
    const requestId =
      c.req
        .header("x-request-id")
        ?.replace(/[^\w.:-]/g, "")
        .slice(0, 64) || newId();
    c.set("requestId", requestId);
    await next();
    c.header("x-request-id", requestId);
    const status = c.res.status;
    countRequest({ method: knownMethod(c.req.method), status: String(status) });
    log.debug("request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Keeps the label set bounded: odd methods are counted together. */
function knownMethod(method: string): string {
  return METHODS.has(method) ? method : "OTHER";
}
