import { Hono } from "hono";
import { MailBanner } from "../../views/admin/mail-banner.tsx";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { mailTrouble } from "../integrations/mail/index.ts";

/** GET /admin/mail-banner: what every admin page shows while mail is waiting or failed. */
export function mailBannerRoutes(deps: AppDeps) {
  const app = new Hono<AuthedEnv>();
  app.get("/", (c) => c.html(<MailBanner trouble={mailTrouble(deps.db, deps.clock.now())} configured={deps.mail.configured()} />));
  return app;
}
