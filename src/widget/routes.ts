import { Hono } from "hono";
import { attachConversationLog } from "../chat/index.ts";
import type { AppDeps } from "../deps.ts";
import type { Env } from "../http/env.ts";
import { widgetEntryRoutes } from "./api-routes.ts";
import { widgetConversationRoutes } from "./conversation-routes.ts";
import { widgetInviteRoutes } from "./invite-routes.tsx";
import { attachWidgetLive } from "./live.ts";
import { widgetAssetRoutes } from "./static-routes.ts";
import { widgetStreamRoutes } from "./stream-routes.ts";
import { watchWaitingVisitors } from "./visitor-gone.ts";

/**
 * The public side of the web chat: /widget.js, /widget.css and the JSON API under /widget/api/.
 * Also keeps conversations in step with routing and pushes to connected visitors.
 */
export function widgetRoutes(deps: AppDeps): Hono<Env> {
  attachConversationLog(deps);
  attachWidgetLive(deps);
  const visitors = watchWaitingVisitors(deps);
  const app = new Hono<Env>();
  app.route("/", widgetAssetRoutes());
  app.route("/widget/api", widgetEntryRoutes(deps, visitors.seen));
  app.route("/widget/api", widgetConversationRoutes(deps));
  app.route("/widget/api", widgetStreamRoutes(deps, visitors.seen));
  app.route("/", widgetInviteRoutes(deps, visitors.seen));
  return app;
}
