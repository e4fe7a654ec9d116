import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiReferencePage } from "../../views/api/reference.tsx";
import type { AppDeps } from "../deps.ts";
import { getSettings } from "../settings/index.ts";
import { bearerAuth } from "./auth.ts";
import { callRoutes, mountCallRoutes } from "./calls-routes.ts";
import { departmentRoutes, mountDepartmentRoutes } from "./departments-routes.ts";
import type { ApiEnv } from "./env.ts";
import { apiErrorAnswer, errorJson } from "./errors.ts";
import { liveRoutes, mountLiveRoutes } from "./live-routes.ts";
import { mountReportRoutes, reportRoutes } from "./reports-routes.ts";
import { mountUserRoutes, userRoutes } from "./users-routes.ts";

export const API_BASE = "/api/v1";
/** No operation takes more than a few fields: a larger body is refused before it is read. */
export const API_MAX_BODY_BYTES = 64 * 1024;
const SPEC_PATH = "/openapi.json";
const REFERENCE_PATH = "/reference";

/** Every documented operation by its operationId, with its zod schemas (tests check answers against them). */
export const API_OPERATIONS = Object.fromEntries(
  [
    ...Object.values(userRoutes),
    ...Object.values(departmentRoutes),
    ...Object.values(liveRoutes),
    ...Object.values(callRoutes),
    ...Object.values(reportRoutes),
  ].map((r) => [r.operationId, r]),
);

/**
 * The API app, mounted before the CSRF and session middleware: it reads no cookie, so a browser's session
 * can neither call it nor be abused through it. The description and its reference page need no token.
 */
export function apiRoutes(deps: AppDeps): Hono {
  const api = new OpenAPIHono<ApiEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const fields: Record<string, string> = {};
      for (const issue of result.error.issues) fields[issue.path.join(".") || result.target] ??= issue.message;
      return errorJson(c, result.target === "json" ? 422 : 400, "The request does not match the API description.", fields);
    },
  });
  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API token from Admin → API tokens.",
  });

  api.doc31(SPEC_PATH, {
    openapi: "3.1.0",
    info: {
      title: "Switchboard REST API",
      version: "1",
      description:
        "Users and agents, departments, agent state, live queue figures, interactions, click-to-dial calls and report figures. Errors are { error: { code, message } }.",
    },
    servers: [{ url: API_BASE }],
    security: [{ bearer: [] }],
  });
  api.get(REFERENCE_PATH, (c) =>
    c.html(<ApiReferencePage specUrl={`${API_BASE}${SPEC_PATH}`} centerName={getSettings(deps.db).centerName} />),
  );
  api.get("/", (c) => c.redirect(`${API_BASE}${REFERENCE_PATH}`));

  const auth = bearerAuth(deps.db, deps.clock);
  api.use("*", async (c, next) => (c.req.path.endsWith(SPEC_PATH) || c.req.path.endsWith(REFERENCE_PATH) ? next() : auth(c, next)));
  api.use(
    "*",
    bodyLimit({ maxSize: API_MAX_BODY_BYTES, onError: (c) => errorJson(c, 413, "The request body is too large (limit 64 KB).") }),
  );
  api.use("*", async (c, next) => {
    await next();
    c.header("Cache-Control", "no-store");
  });
  mountUserRoutes(api, deps);
  mountDepartmentRoutes(api, deps);
  mountLiveRoutes(api, deps);
  mountCallRoutes(api, deps);
  mountReportRoutes(api, deps);
  api.all("*", (c) => errorJson(c, 404, "There is no such API operation. See /api/v1/openapi.json."));
  api.onError((err, c) => apiErrorAnswer(err, c, (e) => deps.log.error("unhandled API error", { err: e, path: c.req.path })));

  const outer = new Hono();
  outer.route(API_BASE, api as unknown as Hono);
  outer.get("/api", (c) => c.redirect(`${API_BASE}${REFERENCE_PATH}`));
  return outer;
}
