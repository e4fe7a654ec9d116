import type { MiddlewareHandler } from "hono";
import type { Db } from "../db/index.ts";
import { getSettings } from "../settings/index.ts";

export const WIDGET_API = "/widget/api/";
const ASSETS = new Set(["/widget.js", "/widget.css"]);

/** Whether a path belongs to the public widget API (authenticated by visitor token, not by cookie). */
export const isWidgetApi = (path: string) => path.startsWith(WIDGET_API);

/**
 * Cross-origin rules of the widget (W1, A8), placed before the security headers: the script and its
 * stylesheet may be loaded by any page (the API decides who may chat); the API answers only pages of the
 * allowed origins (and the appliance itself), with CORS preflight; any other Origin gets 403.
 */
export function widgetCrossOrigin(db: Db): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (ASSETS.has(path)) {
      await next();
      c.res.headers.set("cross-origin-resource-policy", "cross-origin");
      return;
    }
    if (!isWidgetApi(path)) return next();
    const origin = c.req.header("origin");
    if (origin && origin !== new URL(c.req.url).origin && !getSettings(db).widgetOrigins.includes(origin))
      return c.json(
        { error: "This website may not use the chat of this contact center (its address is not an allowed widget origin)." },
        403,
      );
    if (c.req.method === "OPTIONS") {
      return new Response(null, {
        status: 204,
        headers: {
          ...corsHeaders(origin),
          "access-control-allow-methods": "GET, POST",
          "access-control-allow-headers": "authorization, content-type",
          "access-control-max-age": "600",
        },
      });
    }
    await next();
    for (const [name, value] of Object.entries(corsHeaders(origin))) c.res.headers.set(name, value);
    c.res.headers.set("cross-origin-resource-policy", "cross-origin");
  };
}

function corsHeaders(origin: string | undefined): Record<string, string> {
  if (!origin) return { vary: "Origin" };
  return { "access-control-allow-origin": origin, "access-control-expose-headers": "content-disposition", vary: "Origin" };
}
