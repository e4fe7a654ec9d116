import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { Db } from "../db/index.ts";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppDeps } from "../deps.ts";
import type { Env } from "../http/env.ts";
import { clientIp, formBody, safeNext } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { TooManyRequests, ValidationError } from "../shared/index.ts";
import { SignInCodePage, SignInEnrolPage, SignInRecoveryPage } from "../../views/auth/two-step.tsx";
import { setSessionCookie } from "./middleware.ts";
import type { Role } from "./schema.ts";
import { createSession, type SessionUser } from "./sessions.ts";
import { CHALLENGE_TTL_MS, type Challenge, consumeChallenge, findChallenge, issueChallenge } from "./sign-in-challenge.ts";
import { blockedUntil, countFailure } from "./sign-in-brake.ts";
import { beginEnrolment, checkSecondStep, confirmEnrolment, hasTotp, otpauthUri, totpOfUser } from "./totp.ts";

const CHALLENGE_COOKIE = "sb_signin";
const homeOf = (role: Role) => (role === "admin" ? "/admin/agents" : "/console");

/**
 * After a right password: either the session right away, or (for a user with TOTP, or one whose role the center
 * requires it of) a pending second step bound to this browser by an HttpOnly cookie; returns where to go next.
 */
export function afterPassword(c: Context<Env>, deps: AppDeps, user: SessionUser, next: string): string {
  const { db, clock } = deps;
  const kind = hasTotp(db, user.id) ? "code" : getSettings(db).mfaRoles.includes(user.role) ? "enrol" : null;
  const target = safeNext(next, homeOf(user.role));
  if (!kind) {
    startSession(c, deps, user);
    return target;
  }
  const token = issueChallenge(db, user.id, kind, { address: clientIp(c), next: target, now: clock.now() });
  setCookie(c, CHALLENGE_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    path: "/login",
    maxAge: CHALLENGE_TTL_MS / 1000,
  });
  return kind === "code" ? "/login/code" : "/login/enrol";
}

function startSession(c: Context<Env>, deps: AppDeps, user: SessionUser): void {
  const ttlMs = deps.config.sessionHours * 3600_000;
  setSessionCookie(c, createSession(deps.db, user.id, deps.clock.now(), ttlMs), ttlMs);
  deps.log.info("signed in", { userId: user.id, requestId: c.get("requestId") });
}

function blockedMessage(until: number, now: number): string {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return `Too many wrong codes for this account from your address. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

/** The second step of sign-in: the code (or a recovery code), or enrolment required by the center's policy. */
export function secondStepRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<Env>();
  const center = () => getSettings(db).centerName;
  const pending = (c: Context<Env>, kind: Challenge["kind"]) => {
    const found = findChallenge(db, getCookie(c, CHALLENGE_COOKIE) ?? "", clientIp(c), clock.now());
    return found?.kind === kind ? found : null;
  };
  const startAgain = (c: Context<Env>) => {
    deleteCookie(c, CHALLENGE_COOKIE, { path: "/login", secure: true });
    return c.redirect("/login", 303);
  };
  const finish = (c: Context<Env>, challenge: Challenge) => {
    deleteCookie(c, CHALLENGE_COOKIE, { path: "/login", secure: true });
    if (!consumeChallenge(db, challenge.id, clock.now())) return false;
    startSession(c, deps, challenge.user);
    return true;
  };

  app.get("/login/code", (c) =>
    pending(c, "code") ? c.html(<SignInCodePage csrf={c.get("csrfToken")} centerName={center()} />) : startAgain(c),
  );

  app.post("/login/code", async (c) => {
    const challenge = pending(c, "code");
    if (!challenge) return startAgain(c);
    const body = await formBody(c);
    const code = typeof body.code === "string" ? body.code : "";
    const { username } = challenge.user;
    const address = clientIp(c);
    const now = clock.now();
    const render = (message: string, status: 401 | 429) =>
      c.html(<SignInCodePage csrf={c.get("csrfToken")} centerName={center()} message={message} errors={{ code: message }} />, status);
    const until = blockedUntil(db, username, address, now);
    if (until) return render(blockedMessage(until, now), 429);
    if (!checkSecondStep(db, challenge.user.id, code, now).ok) {
      const blockEnds = countFailure(db, username, address, getSettings(db).lockoutAfter, now);
      if (blockEnds) return render(blockedMessage(blockEnds, now), 429);
      return render("That code is not right, or it was used already. Type the code your app shows now.", 401);
    }
    if (!finish(c, challenge)) return startAgain(c);
    return c.redirect(challenge.next || homeOf(challenge.user.role), 303);
  });

  const enrolPage = (c: Context<Env>, challenge: Challenge, extra: { message?: string; errors?: Record<string, string> } = {}) => {
    const state = totpOfUser(db, challenge.user.id);
    const secret = state && !state.enabled ? state.secret : beginEnrolment(db, challenge.user.id, clock.now());
    const uri = otpauthUri(secret, challenge.user.username, center());
    return <SignInEnrolPage csrf={c.get("csrfToken")} centerName={center()} uri={uri} secret={secret} {...extra} />;
  };

  app.get("/login/enrol", (c) => {
    const challenge = pending(c, "enrol");
    return challenge ? c.html(enrolPage(c, challenge)) : startAgain(c);
  });

  app.post("/login/enrol", async (c) => {
    const challenge = pending(c, "enrol");
    if (!challenge) return startAgain(c);
    const body = await formBody(c);
    const code = typeof body.code === "string" ? body.code.slice(0, 20) : "";
    const { username } = challenge.user;
    const address = clientIp(c);
    const now = clock.now();
    const until = blockedUntil(db, username, address, now);
    if (until) throw new TooManyRequests(blockedMessage(until, now));
    let codes: string[];
    try {
      codes = confirmEnrolment(db, { id: challenge.user.id, name: username }, code, now);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      countFailure(db, username, address, getSettings(db).lockoutAfter, now);
      return c.html(enrolPage(c, challenge, { message: err.message, errors: { code: "Wrong code" } }), 422);
    }
    if (!finish(c, challenge)) return startAgain(c);
    return c.html(<SignInRecoveryPage csrf={c.get("csrfToken")} centerName={center()} codes={codes} next={challenge.next} />);
  });

  return app;
}

const OPEN_WHILE_ENROLMENT_DUE = ["/profile/two-step", "/logout", "/login"];

/**
 * Sessions opened before the center required two-step sign-in for their role: until the user has set it up,
 * every page but the set-up (and sign-out) sends them there, and other requests are refused.
 */
export function twoStepPolicy(db: Db): MiddlewareHandler<Env> {
  return async (c, next) => {
    const user = c.get("user");
    const path = c.req.path;
    const due =
      user &&
      getSettings(db).mfaRoles.includes(user.role) &&
      !OPEN_WHILE_ENROLMENT_DUE.some((p) => path === p || path.startsWith(`${p}/`)) &&
      !hasTotp(db, user.id);
    if (!due) return next();
    const message = "Set up two-step sign-in first: your administrator requires it for your account.";
    if (c.req.header("HX-Request")) {
      c.header("HX-Redirect", "/profile/two-step");
      return c.text(message, 403);
    }
    if (c.req.method === "GET") return c.redirect("/profile/two-step");
    return c.text(message, 403);
  };
}
