import { type Context, Hono } from "hono";
import { ApiTokensPage } from "../../views/admin/api-tokens.tsx";
import {
  API_SCOPES,
  API_TOKEN_EXPIRY_DAYS,
  apiTokenScopes,
  createApiToken,
  listApiTokens,
  readApiTokenForm,
  revokeApiToken,
} from "../auth/index.ts";
import type { AppDeps } from "../deps.ts";
import type { AuthedEnv } from "../http/env.ts";
import { formBody } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { FormReader, ValidationError } from "../shared/index.ts";

type C = Context<AuthedEnv>;
type Extra = Partial<Parameters<typeof ApiTokensPage>[0]>;
const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 200) : "");

/** Admin → API tokens: create (the secret is shown once, in the answer to the POST), list, revoke. */
export function apiTokensRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<AuthedEnv>();
  const actor = (c: C) => ({ id: c.get("user").id, name: c.get("user").username });
  const page = (c: C, extra: Extra = {}) =>
    ApiTokensPage({
      csrf: c.get("csrfToken"),
      user: c.get("user"),
      centerName: getSettings(db).centerName,
      tokens: listApiTokens(db).map((t) => ({ ...t, scopes: apiTokenScopes(t) })),
      now: clock.now(),
      allScopes: API_SCOPES,
      expiryDays: API_TOKEN_EXPIRY_DAYS,
      ...extra,
    });

  app.get("/", (c) => c.html(page(c)));

  app.post("/", async (c) => {
    const body = await formBody(c);
    try {
      const input = readApiTokenForm(new FormReader(body));
      const { secret } = createApiToken(db, input, actor(c), clock.now());
      // Rendered, not redirected: the secret must never sit in a URL or a later page.
      c.header("Cache-Control", "no-store");
      return c.html(page(c, { created: { name: input.name, secret } }), 201);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const scopes = Array.isArray(body.scopes) ? body.scopes.map(str) : [str(body.scopes)];
      const values = { name: str(body.name), scopes, expiry: str(body.expiry) };
      return c.html(page(c, { values, errors: err.fields, message: err.message }), 422);
    }
  });

  app.post("/:id/revoke", (c) => {
    revokeApiToken(db, c.req.param("id"), actor(c), clock.now());
    return c.redirect("/admin/api-tokens", 303);
  });

  return app;
}
