import { type Context, Hono } from "hono";
import { SsoPage, SsoTestCard, type SsoValues } from "../../views/admin/settings-sso.tsx";
import { checkSsoProvider, readSsoForm, ssoConfigured } from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody, isHtmx } from "../http/request.ts";
import { getSettings, MFA_ROLES, type SsoSettings } from "../settings/index.ts";
import { ValidationError } from "../shared/index.ts";
import { saveSettingsAudited } from "./settings-save.ts";

type C = Context<AuthedEnv>;
type Extra = Partial<Pick<Parameters<typeof SsoPage>[0], "values" | "errors" | "message" | "notice" | "test">>;

function valuesOf(s: SsoSettings): SsoValues {
  const on = (yes: boolean) => (yes ? "on" : "");
  return {
    issuer: s.issuer,
    clientId: s.clientId,
    label: s.label,
    matchClaim: s.matchClaim,
    ...Object.fromEntries(MFA_ROLES.map((role) => [`allowed_${role}`, on(s.allowedRoles.includes(role))])),
    ...Object.fromEntries(MFA_ROLES.map((role) => [`required_${role}`, on(s.requiredRoles.includes(role))])),
  };
}

/** Admin → Settings → Single sign-on (FEATURES A10). */
export function ssoSettingsRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const page = (c: C, extra: Extra = {}) => {
    const all = getSettings(db);
    return SsoPage({
      csrf: c.get("csrfToken"),
      user: c.get("user"),
      centerName: all.centerName,
      values: valuesOf(all.sso),
      hasSecret: Boolean(all.sso.clientSecret),
      configured: ssoConfigured(all.sso),
      redirectUri: `${deps.baseUrl()}/login/sso/callback`,
      ...extra,
    });
  };

  app.get("/", (c) => c.html(page(c, { notice: c.req.query("saved") ? "Single sign-on settings saved." : null })));

  app.post("/", async (c) => {
    const body = await formBody(c);
    try {
      const sso = readSsoForm(body, getSettings(db).sso);
      saveSettingsAudited(db, c.get("user"), { sso }, clock.now());
      return c.redirect("/admin/settings/sso?saved=1", 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const values = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : ""]));
      delete values.clientSecret;
      return c.html(page(c, { values, errors: err.fields, message: err.message }), 422);
    }
  });

  app.post("/test", async (c) => {
    const sso = getSettings(db).sso;
    const ready = ssoConfigured(sso);
    const test = ready
      ? await checkSsoProvider(sso, clock.now())
      : { ok: false, message: "Single sign-on is not set up: save an issuer URL, client id and button label first." };
    if (!isHtmx(c)) return c.html(page(c, { test }));
    return c.html(<SsoTestCard csrf={c.get("csrfToken")} ready={ready} result={test} />);
  });

  return app;
}
