import { type Context, Hono } from "hono";
import { DIAL_URL } from "../../../views/console/dial-pad.tsx";
import { VoiceControls } from "../../../views/console/voice-panel.tsx";
import { hasPermission, requirePermission, requireRole } from "../../auth/index.ts";
import type { CallControl, CallService } from "../../calls/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { formBody, isHtmx } from "../../http/request.ts";
import { isDtmfDigit } from "../../media/index.ts";
import type { Interaction } from "../../routing/index.ts";
import { Conflict, FormReader, NotFound } from "../../shared/index.ts";
import { transferRoutes } from "../transfer-routes.tsx";

type C = Context<AuthedEnv>;
const done = (c: C) => (isHtmx(c) ? c.body(null, 204) : c.redirect("/console", 303));
const CONTROLS: Record<string, CallControl> = { hangup: "hang_up", mute: "mute", unmute: "unmute", hold: "hold", resume: "resume" };

/**
 * The agent's side of a call (FEATURES V2, V4): Answer from the offer card (refused while their phone is
 * not ready), the call's controls in its work tab, the keypad and the blind transfer. Actions answer 204; the `voice-<id>`
 * push (voice-live.tsx) updates the controls in every browser of the agent.
 */
export function voiceRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  const voice = requirePermission("voice", "Voice");
  app.use("/console/voice/*", requireRole("agent", "supervisor", "admin"), voice);
  app.use("/console/offers/:id/answer", requireRole("agent", "supervisor", "admin"), voice);
  const calls = (): CallService => {
    const service = deps.calls;
    if (!service) throw new Conflict("Calls are not available on this appliance.");
    return service;
  };
  /** The agent's own work: another agent's interaction looks exactly like a missing one. */
  const mine = (c: C): Interaction => {
    const i = deps.routing.get(c.req.param("id") ?? "");
    if (i.agentId !== c.get("user").id || i.channel !== "voice") throw new NotFound("There is no such call.");
    return i;
  };
  const own = (c: C): string => mine(c).id;
  /** A call can be transferred while it is connected or held. */
  const live = (c: C): Interaction => {
    const i = mine(c);
    const view = calls().view(i.id);
    if (view.state !== "connected" && view.state !== "held") throw new Conflict("This call is not in progress.");
    if (!view.transferable) throw new Conflict("A call between two agents cannot be transferred.");
    return i;
  };

  app.post("/console/offers/:id/answer", (c) => {
    calls().answer(c.req.param("id"), c.get("user").id);
    return done(c);
  });

  app.post(DIAL_URL, async (c) => {
    const user = c.get("user");
    const form = new FormReader(await formBody(c));
    const number = form.text("number", { label: "Number", required: true, max: 40 });
    form.done();
    const outside = hasPermission(user, "outside_calls");
    await calls().dial({ id: user.id, name: user.fullName, extension: user.extension ?? "", outside }, number);
    return done(c);
  });

  /** Click-to-dial from the recent calls: the number is the server's, so a masked one can be called back too. */
  app.post("/console/voice/:id/call-back", async (c) => {
    const user = c.get("user");
    const i = deps.routing.get(c.req.param("id"));
    if (i.agentId !== user.id || i.channel !== "voice") throw new NotFound("There is no such call.");
    if (!i.customerAddress) throw new Conflict("This call has no number to call back.");
    const outside = hasPermission(user, "outside_calls");
    await calls().dial({ id: user.id, name: user.fullName, extension: user.extension ?? "", outside }, i.customerAddress);
    return done(c);
  });

  app.get("/console/voice/:id/controls", (c) => {
    const view = calls().view(own(c));
    return c.html(<VoiceControls view={view} csrf={c.get("csrfToken")} />);
  });

  app.post("/console/voice/:id/dtmf", async (c) => {
    const form = new FormReader(await formBody(c));
    const digit = form.text("digit", { label: "Digit", required: true, max: 1 });
    if (digit && !form.errors.digit && !isDtmfDigit(digit)) form.fail("digit", "Choose a key of the keypad");
    form.done();
    if (isDtmfDigit(digit)) calls().sendDigit(own(c), c.get("user").id, digit);
    return done(c);
  });

  transferRoutes(app, deps, "voice", live, async (c, i, number) => {
    const user = c.get("user");
    const outside = hasPermission(user, "outside_calls");
    await calls().transferToNumber(i.id, { id: user.id, name: user.fullName, extension: user.extension ?? "", outside }, number);
  });

  app.post("/console/voice/:id/:action", (c) => {
    const action = CONTROLS[c.req.param("action")];
    if (!action) throw new NotFound("There is no such call control.");
    calls().control(own(c), c.get("user").id, action);
    return done(c);
  });

  return app as unknown as Hono<Env>;
}
