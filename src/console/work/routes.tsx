import { type Context, Hono } from "hono";
import { WRAP_UP_NOTES_MAX, WrapUpForm } from "../../../views/console/wrap-up-form.tsx";
import { requireRole } from "../../auth/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { formBody, isHtmx } from "../../http/request.ts";
import { channelPermissionLabel, type Interaction, mayTake } from "../../routing/index.ts";
import { getSettings } from "../../settings/index.ts";
import { Forbidden, FormReader, NotFound, ValidationError } from "../../shared/index.ts";
import { isWrapUpMandatory, queueNames } from "../console-model.ts";
import { renderConsole } from "../console-page.tsx";

/** The agent's own work, or NotFound: another agent's interaction looks exactly like a missing one. */
function ownWork(deps: AppDeps, interactionId: string, agentId: string): Interaction {
  const i = deps.routing.get(interactionId);
  if (i.agentId !== agentId) throw new NotFound("No such interaction.");
  return i;
}

/** After an action the live push updates the page; htmx needs nothing more, a plain form post goes back. */
const done = (c: Context<AuthedEnv>) => (isHtmx(c) ? c.body(null, 204) : c.redirect("/console", 303));

/** Accept / Reject an offer (FEATURES C3), End session (C4) and the wrap-up form (C9). */
export function workRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<AuthedEnv>();
  app.use("/console/offers/*", requireRole("agent", "supervisor", "admin"));
  app.use("/console/work/*", requireRole("agent", "supervisor", "admin"));

  app.post("/console/offers/:id/accept", (c) => {
    const user = c.get("user");
    // An offer made before the admin took the channel's permission away cannot be taken either.
    const offer = deps.routing.ringingOffers(user.id).find((o) => o.id === c.req.param("id"));
    const channel = offer ? deps.routing.get(offer.interactionId).channel : null;
    if (channel && !mayTake(user, channel)) throw new Forbidden(`You do not have the ${channelPermissionLabel(channel)} permission.`);
    deps.routing.accept(c.req.param("id"), user.id);
    return done(c);
  });

  // Start session on waiting work of a pick department: 403/409 with the reason when the agent may not take it.
  app.post("/console/work/:id/pick", (c) => {
    deps.routing.pick(c.req.param("id"), c.get("user").id);
    return done(c);
  });

  app.post("/console/offers/:id/reject", (c) => {
    deps.routing.reject(c.req.param("id"), c.get("user").id);
    return done(c);
  });

  app.post("/console/work/:id/end", (c) => {
    const userId = c.get("user").id;
    deps.routing.end(ownWork(deps, c.req.param("id"), userId).id, userId);
    return done(c);
  });

  app.post("/console/work/:id/wrap-up", async (c) => {
    const userId = c.get("user").id;
    const owed = deps.routing.owedWrapUp(c.req.param("id"), userId);
    const mandatory = isWrapUpMandatory(queueNames(deps), owed.queueId);
    const dispositions = getSettings(deps.db).dispositions;
    const form = new FormReader(await formBody(c));
    const disposition = form.text("disposition", { label: "Disposition", required: mandatory, max: 200 });
    if (disposition && !form.errors.disposition && !dispositions.includes(disposition))
      form.fail("disposition", "Choose one of the dispositions");
    // Browsers send line breaks as CRLF; store them once, as LF.
    const notes = form.text("notes", { label: "Notes", max: WRAP_UP_NOTES_MAX * 2 }).replace(/\r\n?/g, "\n");
    if (notes.length > WRAP_UP_NOTES_MAX) form.fail("notes", `Notes must be at most ${WRAP_UP_NOTES_MAX} characters`);
    try {
      form.done();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const fix = { values: { disposition, notes: notes.slice(0, WRAP_UP_NOTES_MAX) }, errors: err.fields, message: err.message };
      if (!isHtmx(c)) return renderConsole(c, deps, { wrapUp: { id: owed.id, ...fix } }, 422);
      return c.html(<WrapUpForm workId={owed.id} view={{ dispositions, mandatory, ...fix }} csrf={c.get("csrfToken")} />, 422);
    }
    deps.routing.wrapUp(owed.id, userId, disposition, notes);
    return done(c);
  });

  return app as unknown as Hono<Env>;
}
