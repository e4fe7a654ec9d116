import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { ErrorPage } from "../views/error-page.tsx";
import { adminRoutes } from "./admin/routes.tsx";
import { apiRoutes } from "./api/routes.tsx";
import { sessionMiddleware } from "./auth/index.ts";
import { authRoutes } from "./auth/routes.tsx";
import { twoStepPolicy } from "./auth/second-step-routes.tsx";
import { internalChatRoutes } from "./chat/internal-routes.tsx";
import { whenDurable } from "./db/index.ts";
import type { AppDeps } from "./deps.ts";
import { consoleRoutes } from "./console/routes.tsx";
import { csrfProtection } from "./http/csrf.ts";
import type { Env } from "./http/env.ts";
import { isHtmx } from "./http/request.ts";
import { mountStatic } from "./http/static-files.ts";
import { diskBanner, requestTelemetry } from "./ops/index.ts";
import { opsRoutes } from "./ops/routes.ts";
import { phoneRoutes } from "./phone/routes.ts";
import { historyRoutes } from "./reports/history-routes.tsx";
import { myStatsRoutes } from "./reports/my-stats-routes.tsx";
import { reportRoutes } from "./reports/routes.tsx";
import { AppError, DISK_FULL_MESSAGE, isDiskFull } from "./shared/index.ts";
import { supervisorRoutes } from "./supervisor/routes.tsx";
import { isWidgetApi, widgetCrossOrigin } from "./widget/index.ts";
import { widgetRoutes } from "./widget/routes.ts";

/** A request that may have written is answered only once its commits are on disk (survive a power loss). */
function durableAnswers(deps: AppDeps): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS") await whenDurable(deps.db);
  };
}

/**
 * Builds the whole web application: headers, CSRF, sessions, error mapping and every module's routes. Pure: the
 * pushes and listeners behind the pages belong to the composition root (appliance.ts), so building it twice changes nothing.
 */
export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  app.use(requestTelemetry(deps.metrics, deps.log));
  app.use(durableAnswers(deps));
  app.use(widgetCrossOrigin(deps.db));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        mediaSrc: ["'self'", "blob:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      strictTransportSecurity: deps.config.tls === "off" ? false : "max-age=31536000",
      // Same-origin form posts must carry an Origin the CSRF check can compare (no-referrer sends "null").
      referrerPolicy: "same-origin",
      // A header a route set itself wins: file downloads send their own `sandbox` CSP instead of the page's.
      overwrite: false,
    }),
  );
  app.use(
    bodyLimit({
      maxSize: deps.config.maxUploadBytes + 64 * 1024,
      onError: (c) => {
        const message = `The upload is too large (limit ${Math.round(deps.config.maxUploadBytes / 1048576)} MB).`;
        // The widget shows the `error` of a JSON answer beside the file.
        return isWidgetApi(c.req.path) ? c.json({ error: message }, 413) : c.text(message, 413);
      },
    }),
  );

  opsRoutes(app, deps);
  mountStatic(app);
  app.route("/", widgetRoutes(deps));
  // Before CSRF and sessions: the API authenticates by bearer token only, never by cookie.
  app.route("/", apiRoutes(deps));
  app.use(csrfProtection({ secureCookie: true, exempt: isWidgetApi }));
  app.use(sessionMiddleware(deps.db, deps.clock, deps.config.sessionHours * 3600_000));
  app.use(twoStepPolicy(deps.db));
  app.use(noStoreWhenSignedIn);

  app.get("/", (c) => {
    const user = c.get("user");
    return c.redirect(!user ? "/login" : user.role === "admin" ? "/admin/agents" : "/console");
  });
  app.route("/", authRoutes(deps));
  app.route("/", consoleRoutes(deps));
  app.route("/", phoneRoutes(deps));
  app.route("/", internalChatRoutes(deps));
  app.use("/admin/*", diskBanner(deps));
  app.route("/admin", adminRoutes(deps));
  app.route("/supervisor", supervisorRoutes(deps));
  app.route("/reports", reportRoutes(deps));
  app.route("/", historyRoutes(deps));
  app.route("/", myStatsRoutes(deps));

  app.notFound((c) => fail(c, 404, "There is no page at this address."));
  app.onError((err, c) => {
    if (err instanceof AppError) return fail(c, err.status, err.message);
    if (isDiskFull(err)) {
      deps.disk.noteFull(err, c.req.path);
      return fail(c, 503, DISK_FULL_MESSAGE);
    }
    deps.log.error("unhandled error", { err, path: c.req.path, requestId: c.get("requestId") });
    return fail(c, 500, "An unexpected error happened. It has been logged.");
  });
  return app;
}

/** Pages of a signed-in user are never kept by the browser cache (Back after sign-out shows nothing). */
const noStoreWhenSignedIn: MiddlewareHandler<Env> = async (c, next) => {
  await next();
  if (c.get("user") && !c.res.headers.has("cache-control")) c.header("Cache-Control", "no-store");
};

function fail(c: import("hono").Context<Env>, status: number, message: string) {
  const code = status as 400;
  if (isHtmx(c) || !c.req.header("accept")?.includes("text/html")) return c.text(message, code);
  return c.html(ErrorPage({ status, message, csrf: c.get("csrfToken") ?? "" }), code);
}
