import { Hono } from "hono";
import { requireRole } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import { apiTokensRoutes } from "./api-tokens-routes.tsx";
import { agentsRoutes } from "./agents-routes.tsx";
import { auditRoutes } from "./audit-routes.tsx";
import { mailBannerRoutes } from "./mail-banner-routes.tsx";
import { predefinedRoutes } from "./predefined-routes.tsx";
import { queuesRoutes } from "./queues-routes.tsx";
import { salesforceSettingsRoutes } from "./salesforce-routes.tsx";
import { settingsRoutes } from "./settings-routes.tsx";
import { ssoSettingsRoutes } from "./sso-routes.tsx";
import { teamsRoutes } from "./teams-routes.tsx";
import { trunkRoutes } from "./trunk-routes.tsx";
import { webhooksRoutes } from "./webhooks-routes.tsx";

/** The admin pages (FEATURES A), mounted under /admin. Every route below requires the admin role. */
export function adminRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  app.use("*", requireRole("admin"));
  app.get("/", (c) => c.redirect("/admin/agents"));
  app.route("/mail-banner", mailBannerRoutes(deps));
  app.route("/agents", agentsRoutes(deps));
  app.route("/teams", teamsRoutes(deps));
  app.route("/queues", queuesRoutes(deps));
  app.route("/predefined", predefinedRoutes(deps));
  app.route("/settings/salesforce", salesforceSettingsRoutes(deps));
  app.route("/settings/sso", ssoSettingsRoutes(deps));
  app.route("/settings", settingsRoutes(deps));
  app.route("/audit", auditRoutes(deps));
  app.route("/trunk", trunkRoutes(deps));
  app.route("/api-tokens", apiTokensRoutes(deps));
  app.route("/webhooks", webhooksRoutes(deps));
  return app as unknown as Hono<Env>;
}
