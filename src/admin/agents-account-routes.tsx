import { type Context, Hono } from "hono";
import { AgentsDeleteConfirmPage } from "../../views/admin/agents-confirm.tsx";
import {
  adminSetPassword,
  deleteUsers,
  getUser,
  regenerateSipSecret,
  resetUserTotp,
  sendPasswordLink,
  unlockUsers,
} from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { ValidationError } from "../shared/index.ts";
import { actorOf, navUser, renderEdit, welcomeOf } from "./agents-render.tsx";

/** A password field as typed (never trimmed), bounded; anything but one string reads as empty. */
export function passwordField(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  return typeof v === "string" ? v.slice(0, 1000) : "";
}

/** Delete, unlock, passwords and SIP secret of one user (FEATURES A2, A3). */
export function agentAccountRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const who = (c: Context<AuthedEnv>) => ({ actor: actorOf(c.get("user")), now: clock.now() });

  app.get("/:id/delete", (c) => {
    const u = getUser(db, c.req.param("id"));
    return c.html(
      <AgentsDeleteConfirmPage
        csrf={c.get("csrfToken")}
        centerName={getSettings(db).centerName}
        user={navUser(db, c.get("user"))}
        targets={[u]}
        action={`/admin/agents/${u.id}/delete`}
      />,
    );
  });

  app.post("/:id/delete", (c) => {
    deleteUsers(db, [c.req.param("id")], who(c));
    return c.redirect("/admin/agents?done=deleted&n=1", 303);
  });

  app.post("/:id/unlock", (c) => {
    const id = c.req.param("id");
    unlockUsers(db, [id], who(c));
    return c.redirect(`/admin/agents/${id}?saved=unlocked`, 303);
  });

  app.post("/:id/reset-mfa", (c) => {
    const id = c.req.param("id");
    resetUserTotp(db, id, who(c));
    return c.redirect(`/admin/agents/${id}?saved=mfa-reset`, 303);
  });

  app.post("/:id/password", async (c) => {
    const id = c.req.param("id");
    const body = await formBody(c);
    const change = { password: passwordField(body, "password"), confirm: passwordField(body, "confirm") };
    try {
      const strong = getSettings(db).strongPasswords;
      await adminSetPassword(db, id, { ...change, strong, now: clock.now() }, actorOf(c.get("user")), c.get("sessionToken"));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderEdit(c, deps, id, { passwordErrors: err.fields, message: err.message }, 422);
    }
    return c.redirect(`/admin/agents/${id}?saved=password`, 303);
  });

  app.post("/:id/reset-link", (c) => {
    const id = c.req.param("id");
    const link = sendPasswordLink(db, id, welcomeOf(deps), actorOf(c.get("user")), clock.now());
    if (!link) return c.redirect(`/admin/agents/${id}?saved=mailed`, 303);
    return renderEdit(c, deps, id, { notice: "This user has no email address: hand them this link.", oneTime: { resetLink: link } });
  });

  app.post("/:id/sip-secret", (c) => {
    const id = c.req.param("id");
    try {
      const sipSecret = regenerateSipSecret(db, id, who(c));
      return renderEdit(c, deps, id, { notice: "New SIP secret made. The old one no longer works.", oneTime: { sipSecret } });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderEdit(c, deps, id, { message: err.message }, 422);
    }
  });

  return app;
}
