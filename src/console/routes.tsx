import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { ConsolePage } from "../../views/console/console.tsx";
import { avatars, requireRole } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import { queuesOfUser } from "../routing/index.ts";
import { getSettings } from "../settings/index.ts";
import { NotFound } from "../shared/index.ts";
import { myPredefinedRoutes } from "./predefined-routes.tsx";
import { profileRoutes } from "./profile-routes.tsx";

/** The agent console shell (FEATURES C1) and avatars. */
export function consoleRoutes(deps: AppDeps) {
  const { db } = deps;
  const app = new Hono<Env>();
  const signedIn = new Hono<AuthedEnv>();

  signedIn.get("/console", requireRole("agent", "supervisor", "admin"), (c) => {
    const user = c.get("user");
    const hasAvatar = Boolean(db.select({ id: avatars.userId }).from(avatars).where(eq(avatars.userId, user.id)).get());
    return c.html(
      <ConsolePage
        csrf={c.get("csrfToken")}
        centerName={getSettings(db).centerName}
        user={{ id: user.id, fullName: user.fullName, role: user.role, hasAvatar, alias: user.alias, extension: user.extension }}
        departments={queuesOfUser(db, user.id).map((q) => ({ name: q.name, channel: q.channel }))}
      />,
    );
  });

  signedIn.get("/avatars/:id", requireRole("agent", "supervisor", "admin"), (c) => {
    const row = db
      .select()
      .from(avatars)
      .where(eq(avatars.userId, c.req.param("id")))
      .get();
    if (!row) throw new NotFound("No avatar.");
    return c.body(new Uint8Array(row.data), 200, {
      "content-type": row.mime,
      "cache-control": "private, max-age=60",
      "x-content-type-options": "nosniff",
      "content-disposition": "inline",
    });
  });

  app.route("/profile/predefined", myPredefinedRoutes(deps));
  app.route("/", signedIn as unknown as Hono<Env>);
  app.route("/", profileRoutes(deps));
  return app;
}
