import { type Context, Hono } from "hono";
import { TwoStepPage } from "../../../views/console/profile-two-step.tsx";
import {
  beginEnrolment,
  blockedUntil,
  confirmEnrolment,
  countFailure,
  getUser,
  otpauthUri,
  regenerateRecoveryCodes,
  requireRole,
  totpOfUser,
  turnOffTotp,
  unusedRecoveryCodes,
  verifyPassword,
} from "../../auth/index.ts";
import type { AppDeps } from "../../deps.ts";
import type { AuthedEnv, Env } from "../../http/env.ts";
import { clientIp, formBody } from "../../http/request.ts";
import { getSettings } from "../../settings/index.ts";
import { TooManyRequests, ValidationError } from "../../shared/index.ts";

type Extras = { codes?: string[]; message?: string; errors?: Record<string, string> };

const text = (body: Record<string, unknown>, name: string) => (typeof body[name] === "string" ? (body[name] as string).slice(0, 200) : "");

/** The signed-in person's own two-step sign-in (TOTP with recovery codes), for every role. */
export function profileTwoStepRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const signedIn = requireRole("agent", "supervisor", "admin");

  const render = (c: Context<AuthedEnv>, extras: Extras = {}, status: 200 | 422 = 200) => {
    const me = getUser(db, c.get("user").id);
    const centerName = getSettings(db).centerName;
    const state = totpOfUser(db, me.id);
    const secret = state?.enabled ? null : state ? state.secret : beginEnrolment(db, me.id, clock.now());
    return c.html(
      <TwoStepPage
        csrf={c.get("csrfToken")}
        centerName={centerName}
        me={me}
        enrol={secret ? { uri: otpauthUri(secret, me.username, centerName), secret } : undefined}
        on={secret ? undefined : { recoveryLeft: unusedRecoveryCodes(db, me.id) }}
        {...extras}
      />,
      status,
    );
  };
  /** Runs a change; a wrong code or password re-renders the page with its message (422). */
  const attempt = async (c: Context<AuthedEnv>, change: () => Promise<Extras | null> | Extras | null) => {
    const { username } = c.get("user");
    const address = clientIp(c);
    const until = blockedUntil(db, username, address, clock.now());
    if (until) throw new TooManyRequests("Too many wrong codes or passwords. Try again later.");
    try {
      const extras = await change();
      return extras ? render(c, extras) : c.redirect("/profile?saved=two-step-off", 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      // Wrong codes here count like wrong ones at sign-in: a stolen session cannot guess its way to new recovery codes.
      countFailure(db, username, address, getSettings(db).lockoutAfter, clock.now());
      return render(c, { message: err.message, errors: err.fields }, 422);
    }
  };
  const actor = (c: Context<AuthedEnv>) => ({ id: c.get("user").id, name: c.get("user").username });

  app.get("/profile/two-step", signedIn, (c) => render(c));

  app.post("/profile/two-step/confirm", signedIn, async (c) => {
    const code = text(await formBody(c), "code");
    return attempt(c, () => ({ codes: confirmEnrolment(db, actor(c), code, clock.now()) }));
  });

  app.post("/profile/two-step/recovery", signedIn, async (c) => {
    const code = text(await formBody(c), "code");
    return attempt(c, () => ({ codes: regenerateRecoveryCodes(db, actor(c), code, clock.now()) }));
  });

  app.post("/profile/two-step/off", signedIn, async (c) => {
    const body = await formBody(c);
    return attempt(c, async () => {
      const hash = getUser(db, c.get("user").id).passwordHash;
      if (!hash || !(await verifyPassword(text(body, "password"), hash)))
        throw new ValidationError("Your password is not right.", { password: "Wrong password" });
      turnOffTotp(db, actor(c), text(body, "code"), clock.now());
      return null;
    });
  });

  return app as unknown as Hono<Env>;
}
