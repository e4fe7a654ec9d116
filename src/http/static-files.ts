import type { Hono } from "hono";
import apiReferenceJs from "../../static/api-reference.js" with { type: "file" };
import appCss from "../../static/app.css" with { type: "file" };
import appJs from "../../static/app.js" with { type: "file" };
import consoleCss from "../../static/console.css" with { type: "file" };
import consoleChatJs from "../../static/console-chat.js" with { type: "file" };
import consoleJs from "../../static/console.js" with { type: "file" };
import offersJs from "../../static/offers.js" with { type: "file" };
import phoneJs from "../../static/phone.js" with { type: "file" };
import reportsJs from "../../static/reports.js" with { type: "file" };
// The package's export map hides its browser build, so it is taken by path.
import chartJs from "../../node_modules/chart.js/dist/chart.umd.min.js" with { type: "file" };
import htmxJs from "htmx.org/dist/htmx.min.js" with { type: "file" };
import sseJs from "htmx-ext-sse/dist/sse.min.js" with { type: "file" };
import simplePeerJs from "simple-peer/simplepeer.min.js" with { type: "file" };
import type { Env } from "./env.ts";

/** Static assets, embedded in the executable by Bun's file loader. */
const FILES: Record<string, { path: string; type: string }> = {
  "htmx.min.js": { path: htmxJs as string, type: "text/javascript; charset=utf-8" },
  "htmx-sse.js": { path: sseJs as string, type: "text/javascript; charset=utf-8" },
  "api-reference.js": { path: apiReferenceJs, type: "text/javascript; charset=utf-8" },
  "app.js": { path: appJs, type: "text/javascript; charset=utf-8" },
  "app.css": { path: appCss, type: "text/css; charset=utf-8" },
  "console.js": { path: consoleJs, type: "text/javascript; charset=utf-8" },
  "console.css": { path: consoleCss, type: "text/css; charset=utf-8" },
  "console-chat.js": { path: consoleChatJs, type: "text/javascript; charset=utf-8" },
  "offers.js": { path: offersJs, type: "text/javascript; charset=utf-8" },
  "phone.js": { path: phoneJs, type: "text/javascript; charset=utf-8" },
  "simplepeer.min.js": { path: simplePeerJs, type: "text/javascript; charset=utf-8" },
  "chart.umd.min.js": { path: chartJs as string, type: "text/javascript; charset=utf-8" },
  "reports.js": { path: reportsJs, type: "text/javascript; charset=utf-8" },
};

export function mountStatic(app: Hono<Env>): void {
  app.get("/static/:name", (c) => {
    const file = FILES[c.req.param("name")];
    if (!file) return c.text("Not found", 404);
    return new Response(Bun.file(file.path), {
      headers: { "content-type": file.type, "cache-control": "public, max-age=3600", "x-content-type-options": "nosniff" },
    });
  });
}
