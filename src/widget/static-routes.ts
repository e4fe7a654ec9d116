import { Hono } from "hono";
import widgetCss from "../../static/widget.css" with { type: "file" };
import widgetJs from "../../static/widget.js" with { type: "file" };
import type { Env } from "../http/env.ts";

/** The widget script and stylesheet at the addresses a center pastes into its website (W1). */
export function widgetAssetRoutes(): Hono<Env> {
  const app = new Hono<Env>();
  const serve = (path: string, type: string) => () =>
    new Response(Bun.file(path), {
      headers: { "content-type": type, "cache-control": "public, max-age=300", "x-content-type-options": "nosniff" },
    });
  app.get("/widget.js", serve(widgetJs, "text/javascript; charset=utf-8"));
  app.get("/widget.css", serve(widgetCss, "text/css; charset=utf-8"));
  return app;
}
