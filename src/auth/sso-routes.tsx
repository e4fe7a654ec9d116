import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { LoginPage } from "../../views/auth/pages.tsx";
import { recordAudit } from "../audit/index.ts";
import type { AppDeps } from "../deps.ts";
import type { Env } from "../http/env.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { clientIp } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { AppError } from "../shared/index.ts";
import { afterPassword } from "./second-step-routes.tsx";
import { accountForIdentity, beginSso, finishSso, type PendingSso, ssoConfigured } from "./sso.ts";

const PENDING_COOKIE = "sb_sso";
const PENDING_PATH = "/login/sso";
const PENDING_TTL_S = 10 * 60;

function readPending(raw: string | undefined): PendingSso | null {
  if (!raw || raw.length > 1000) return null;
  try {
    const p = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Partial<PendingSso>;
    const ok = [p.state, p.nonce, p.verifier, p.next].every((v) => typeof v === "string");
    return ok ? (p as PendingSso) : null;
  } catch {
    return null;
  }
}

/** What failed in the exchange with the provider, in words for the person signing in. */
function protocolProblem(err: unknown): string {
  const e = err as { error?: string; error_description?: string; message?: string; cause?: { message?: string } };
  if (e.error) return `the provider answered ${e.error}${e.error_description ? `: ${e.error_description}` : ""}`;
  return [e.message, e.cause?.message].filter(Boolean).join(": ") || "no answer";
}

/**
 * Single sign-on with OpenID Connect (FEATURES A10): /login/sso sends the browser to the provider, the
 * callback checks its answer and signs the matching account in like a password would (same second step,
 * same session cookie), with an audit row.
 */
export function ssoRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<Env>();
  const byIp = new RateLimiter(clock, 20, 60_000);
  const redirectUri = () => `${deps.baseUrl()}/login/sso/callback`;
  const refuse = (c: Context<Env>, message: string, status: 400 | 403 | 404 | 429 | 502) =>
    c.html(<LoginPage csrf={c.get("csrfToken")} centerName={getSettings(db).centerName} sso={ssoButton(db)} message={message} />, status);

  app.get("/login/sso", async (c) => {
    const sso = getSettings(db).sso;
    if (!ssoConfigured(sso)) return refuse(c, "Single sign-on is not set up here. Sign in with your password.", 404);
    try {
      byIp.hit(clientIp(c));
      const next = (c.req.query("next") ?? "").slice(0, 500);
      const { url, pending } = await beginSso(sso, redirectUri(), next, clock.now());
      setCookie(c, PENDING_COOKIE, Buffer.from(JSON.stringify(pending)).toString("base64url"), {
        httpOnly: true,
        secure: true,
        sameSite: "Lax",
        path: PENDING_PATH,
        maxAge: PENDING_TTL_S,
      });
      return c.redirect(url, 303);
    } catch (err) {
      if (err instanceof AppError) return refuse(c, err.message, 429);
      deps.log.warn("single sign-on could not start", { err });
      return refuse(c, `${sso.label} cannot be reached just now (${protocolProblem(err)}). Try again, or sign in with your password.`, 502);
    }
  });

  app.get("/login/sso/callback", async (c) => {
    const sso = getSettings(db).sso;
    if (!ssoConfigured(sso)) return refuse(c, "Single sign-on is not set up here. Sign in with your password.", 404);
    const pending = readPending(getCookie(c, PENDING_COOKIE));
    deleteCookie(c, PENDING_COOKIE, { path: PENDING_PATH, secure: true });
    if (!pending) return refuse(c, "This sign-in was not started in this browser, or it took too long. Start again.", 400);
    let identity: Awaited<ReturnType<typeof finishSso>>;
    try {
      byIp.hit(clientIp(c));
      const url = new URL(redirectUri());
      url.search = new URL(c.req.url).search;
      identity = await finishSso(sso, url, pending, clock.now());
    } catch (err) {
      if (err instanceof AppError) return refuse(c, err.message, 429);
      deps.log.warn("single sign-on refused an answer", { err });
      return refuse(c, `Sign-in with ${sso.label} failed (${protocolProblem(err)}). Start again.`, 400);
    }
    try {
      const user = accountForIdentity(db, sso, identity);
      recordAudit(
        db,
        { id: user.id, name: user.username },
        "user.signed_in_sso",
        { type: "user", id: user.id },
        { username: user.username, provider: sso.issuer, subject: identity.subject },
        clock.now(),
      );
      return c.redirect(afterPassword(c, deps, user, pending.next), 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      deps.log.info("single sign-on found no account to sign in", { subject: identity.subject, reason: err.message });
      return refuse(c, err.message, 403);
    }
  });

  return app;
}

/** The "Sign in with …" button's label when single sign-on is set up, else null. */
export function ssoButton(db: AppDeps["db"]): string | null {
  const sso = getSettings(db).sso;
  return ssoConfigured(sso) ? sso.label : null;
}
