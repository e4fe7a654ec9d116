import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import type { Env } from "../http/env.ts";
import { widgetEntryRoutes } from "./api-routes.ts";
import { widgetConversationRoutes } from "./conversation-routes.ts";
import { widgetInviteRoutes } from "./invite-routes.tsx";
import { widgetAssetRoutes } from "./static-routes.ts";
import { widgetStreamRoutes } from "./stream-routes.ts";

/**
 * The public side of the web chat: /widget.js, /widget.css and the JSON API under /widget/api/. The pushes to
 * connected visitors and the conversation log are attached by the composition root (appliance.ts).
 */
export function widgetRoutes(deps: AppDeps): Hono<Env> {
  const { visitors } = deps;
  const app = new Hono<Env>();
  app.route("/", widgetAssetRoutes());
  app.route("/widget/api", widgetEntryRoutes(deps, visitors.seen));
  app.route("/widget/api", widgetConversationRoutes(deps));
  app.route("/widget/api", widgetStreamRoutes(deps, visitors.seen));
  app.route("/", widgetInviteRoutes(deps, visitors.seen));
  return app;
}
