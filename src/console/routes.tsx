import { Hono } from "hono";
import { getAvatar, requireRole } from "../auth/index.ts";
import { colleaguesSnapshot } from "../chat/internal-live-routes.tsx";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv, Env } from "../http/env.ts";
import { NotFound } from "../shared/index.ts";
import { chatSnapshot } from "./chat/live.tsx";
import { chatRoutes } from "./chat/routes.tsx";
import { renderConsole } from "./console-page.tsx";
import { waitingEvent } from "./work/waiting-list.tsx";
import { type SnapshotSource, eventsRoute } from "./stream/events-route.ts";
import { consoleSnapshot } from "./fragments.tsx";
import { inviteRoutes } from "./invite/routes.tsx";
import { myPredefinedRoutes } from "./profile/predefined-routes.tsx";
import { profileRoutes } from "./profile/routes.tsx";
import { profileTwoStepRoutes } from "./profile/two-step-routes.tsx";
import { salesforceRoutes } from "./salesforce/routes.tsx";
import { signInToQueues, stateRoutes } from "./state/routes.tsx";
import { workRoutes } from "./work/routes.tsx";
import { voiceSnapshot } from "./voice/live.tsx";
import { voiceRoutes } from "./voice/routes.tsx";

export type ConsoleOptions = {
  /** More snapshots for the events stream on (re)connect (internal chat, supervisor view…). */
  snapshots?: SnapshotSource[];
};

/** The agent console (FEATURES C1–C9), its event stream, and avatars. */
export function consoleRoutes(deps: AppDeps, options: ConsoleOptions = {}) {
  const { db } = deps;
  const app = new Hono<Env>();
  const signedIn = new Hono<AuthedEnv>();

  signedIn.get("/console", requireRole("agent", "supervisor", "admin"), (c) => {
    const user = c.get("user");
    // Opening the console signs an agent in to the queues; a reload changes nothing (C6).
    if (user.role !== "admin") signInToQueues(deps.presence, user);
    deps.presence.heartbeat(user.id);
    // Never a wrap-up the page cannot show a form or a countdown for (decision 014).
    deps.routing.settleWrapUp(user.id);
    return renderConsole(c, deps);
  });

  signedIn.get("/avatars/:id", requireRole("agent", "supervisor", "admin"), (c) => {
    const row = getAvatar(db, c.req.param("id"));
    if (!row) throw new NotFound("No avatar.");
    return c.body(new Uint8Array(row.data), 200, {
      "content-type": row.mime,
      "cache-control": "private, max-age=60",
      "x-content-type-options": "nosniff",
      "content-disposition": "inline",
    });
  });

  const snapshots: SnapshotSource[] = [
    (user, csrf) => consoleSnapshot(deps, user, csrf),
    (user, csrf) => [waitingEvent(deps, user, csrf)],
    (user) => colleaguesSnapshot(deps, user.id),
    (user) => chatSnapshot(deps, user),
    (user) => voiceSnapshot(deps, user.id),
    ...(options.snapshots ?? []),
  ];
  app.route("/", eventsRoute(deps, snapshots));
  app.route("/", stateRoutes(deps));
  app.route("/", workRoutes(deps));
  app.route("/", salesforceRoutes(deps));
  app.route("/", chatRoutes(deps));
  app.route("/", voiceRoutes(deps));
  app.route("/", inviteRoutes(deps));
  app.route("/profile/predefined", myPredefinedRoutes(deps));
  app.route("/", signedIn as unknown as Hono<Env>);
  app.route("/", profileRoutes(deps));
  app.route("/", profileTwoStepRoutes(deps));
  return app;
}
