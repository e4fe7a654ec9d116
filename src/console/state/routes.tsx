import { type Context, Hono } from "hono";
import { StatePanel } from "../../../views/console/state-panel.tsx";
import { requireRole, type SessionUser } from "../../auth/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { formBody, isHtmx } from "../../http/request.ts";
import type { PresenceService } from "../../presence/index.ts";
import { CHANNELS, queuesOfUser } from "../../routing/index.ts";
import { Conflict, FormReader, ValidationError } from "../../shared/index.ts";
import { notReadyReasons, stateView } from "../console-model.ts";
import { renderConsole } from "../console-page.tsx";

const CHOICES = ["ready", "not_ready", "logout"] as const;
type Choice = (typeof CHOICES)[number];

/** Signs the agent in to the queues when they open the console (FEATURES C2): Ready, or Not Ready when their profile says so. */
export function signInToQueues(presence: PresenceService, user: Pick<SessionUser, "id" | "loginNotReady">): void {
  if (presence.get(user.id).state === "logged_out") presence.apply(user.id, { type: "login", notReady: user.loginNotReady });
}

/** Applies the agent's own choice; an illegal one throws IllegalTransition (409) with the reason. */
export function applyChoice(presence: PresenceService, userId: string, to: Choice, reason: string): void {
  const signedOut = presence.get(userId).state === "logged_out";
  if (to === "logout") presence.apply(userId, { type: "logout" });
  else if (signedOut) {
    presence.apply(userId, { type: "login", notReady: to === "not_ready" });
    if (to === "not_ready") presence.apply(userId, { type: "choose_not_ready", reason });
  } else if (to === "ready") presence.apply(userId, { type: "choose_ready" });
  else presence.apply(userId, { type: "choose_not_ready", reason });
}

/** The state panel's actions: Ready / Not Ready / sign out of queues, pause per channel, and the page heartbeat. */
export function stateRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  const guard = requireRole("agent", "supervisor", "admin");

  app.post("/console/state", guard, async (c) => {
    const form = new FormReader(await formBody(c));
    const to = form.oneOf("to", "State", CHOICES);
    const reason = to === "not_ready" ? form.oneOf("reason", "Not Ready reason", notReadyReasons(deps)) : "";
    try {
      form.done("Choose one of the Not Ready reasons.");
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return answer(c, deps, err.message);
    }
    applyChoice(deps.presence, c.get("user").id, to, reason);
    return answer(c, deps);
  });

  app.post("/console/pause", guard, async (c) => {
    const userId = c.get("user").id;
    const form = new FormReader(await formBody(c));
    const channel = form.oneOf("channel", "Channel", CHANNELS);
    const paused = form.bool("paused");
    if (!form.errors.channel && !queuesOfUser(deps.db, userId).some((q) => q.channel === channel))
      form.fail("channel", "You work in no department of that channel");
    try {
      form.done("You cannot pause that channel.");
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return answer(c, deps, err.message);
    }
    if (deps.presence.get(userId).state === "logged_out") throw new Conflict("Sign in to the queues first.");
    deps.presence.setPaused(userId, channel, paused);
    return answer(c, deps);
  });

  app.post("/console/heartbeat", guard, (c) => {
    deps.presence.heartbeat(c.get("user").id);
    return c.body(null, 204);
  });

  return app as unknown as Hono<Env>;
}

/** htmx gets the fresh panel (or the panel with the problem, 422); a plain form post goes back to the console. */
function answer(c: Context<AuthedEnv>, deps: AppDeps, problem?: string) {
  const status = problem ? 422 : 200;
  if (!isHtmx(c)) return problem ? renderConsole(c, deps, { stateMessage: problem }, 422) : c.redirect("/console", 303);
  return c.html(<StatePanel view={stateView(deps, c.get("user").id, problem)} csrf={c.get("csrfToken")} />, status);
}
