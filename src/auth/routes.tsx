import { Hono } from "hono";
import type { AppDeps } from "../deps.ts";
import type { Env } from "../http/env.ts";
import { RateLimiter } from "../http/rate-limit.ts";
import { clientIp, formBody } from "../http/request.ts";
import { getSettings } from "../settings/index.ts";
import { AppError, Forbidden, FormReader, ValidationError } from "../shared/index.ts";
import { ForgotPage, LinkProblemPage, LoginPage, SetPasswordPage, SetupPage } from "../../views/auth/pages.tsx";
import { createAdmin, hasAdmin } from "./first-run.ts";
import { checkLogin } from "./login.ts";
import { clearSessionCookie } from "./middleware.ts";
import { requestPasswordReset, setPassword, userForPasswordLink } from "./password-links.ts";
import { decoyPasswordHash, passwordProblem } from "./passwords.ts";
import { afterPassword, secondStepRoutes } from "./second-step-routes.tsx";
import { destroySession } from "./sessions.ts";
import { ssoRequiredFor } from "./sso.ts";
import { ssoButton, ssoRoutes } from "./sso-routes.tsx";
import { findLiveToken } from "./tokens.ts";
import { getUser, USERNAME_RULE } from "./users.ts";

/** Sign-in, sign-out, first-run setup and password links. */
export function authRoutes(deps: AppDeps) {
  const { db, clock } = deps;
  const app = new Hono<Env>();
  const loginByIp = new RateLimiter(clock, 20, 60_000);
  // Made now, not on the first unknown name: that answer would take two hashes' time.
  void decoyPasswordHash();
  const forgotByIp = new RateLimiter(clock, 5, 15 * 60_000);
  const center = () => getSettings(db).centerName;
  const home = (role: string) => (role === "admin" ? "/admin/agents" : "/console");

  app.get("/login", (c) => {
    const user = c.get("user");
    if (user) return c.redirect(home(user.role));
    const notice = c.req.query("done") === "password" ? "Your password is set. Sign in with it now." : null;
    return c.html(
      <LoginPage csrf={c.get("csrfToken")} centerName={center()} next={c.req.query("next")} notice={notice} sso={ssoButton(db)} />,
    );
  });

  app.post("/login", async (c) => {
    const body = await formBody(c);
    const form = new FormReader(body);
    const username = form.text("username", { label: "Username", required: true, max: 64 });
    const password = typeof body.password === "string" ? body.password.slice(0, 201) : "";
    const next = typeof body.next === "string" ? body.next : "";
    const render = (message: string, status: 401 | 403 | 422 | 429) =>
      c.html(
        <LoginPage csrf={c.get("csrfToken")} centerName={center()} username={username} next={next} message={message} sso={ssoButton(db)} />,
        status,
      );
    try {
      loginByIp.hit(clientIp(c));
      if (!username || !password) throw new ValidationError("Enter your username and password.");
      const attempt = { username, password, address: clientIp(c) };
      const { lockoutAfter, sso } = getSettings(db);
      const user = await checkLogin(db, attempt, { lockoutAfter, now: clock.now() });
      if (ssoRequiredFor(sso, user.role)) throw new Forbidden(`Your account signs in with ${sso.label}: use the button below.`);
      return c.redirect(afterPassword(c, deps, user, next), 303);
    } catch (err) {
      if (err instanceof AppError) return render(err.message, err.status as 401 | 403 | 422 | 429);
      throw err;
    }
  });

  app.route("/", secondStepRoutes(deps));
  app.route("/", ssoRoutes(deps));

  app.post("/logout", (c) => {
    const token = c.get("sessionToken");
    if (token) destroySession(db, token);
    const user = c.get("user");
    if (user) deps.bus.publish("user.signed_out", { userId: user.id, at: clock.now() });
    clearSessionCookie(c);
    c.header("Clear-Site-Data", '"cache"');
    return c.redirect("/login", 303);
  });

  app.get("/setup/:token", (c) => {
    const token = c.req.param("token");
    try {
      // The link's own state first: a used link should say so, not only that setup is done.
      findLiveToken(db, token, ["setup"], clock.now());
      if (hasAdmin(db)) throw new ValidationError("Setup is already done. Sign in instead.");
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const done = hasAdmin(db) && !err.message.startsWith("Setup") ? " Setup is already done: sign in instead." : "";
      return c.html(<LinkProblemPage csrf={c.get("csrfToken")} centerName={center()} problem={err.message + done} />, 404);
    }
    return c.html(<SetupPage csrf={c.get("csrfToken")} centerName={center()} token={token} />);
  });

  app.post("/setup/:token", async (c) => {
    const token = c.req.param("token");
    const form = new FormReader(await formBody(c));
    const values = {
      fullName: form.text("fullName", { label: "Full name", required: true, max: 100 }),
      username: form.text("username", { ...USERNAME_RULE, required: true }),
      email: form.email("email", "Email"),
    };
    const password = form.text("password", { label: "Password", required: true, max: 200 });
    const problem = password ? passwordProblem(password, getSettings(db).strongPasswords) : null;
    if (problem) form.fail("password", problem);
    if (password !== form.text("confirm", { label: "Repeat password", max: 200 })) form.fail("confirm", "The two passwords differ");
    let adminId: string;
    try {
      form.done();
      adminId = await createAdmin(db, { ...values, password }, clock.now(), token);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const errors = err instanceof ValidationError ? err.fields : {};
      return c.html(
        <SetupPage csrf={c.get("csrfToken")} centerName={center()} token={token} values={values} errors={errors} message={err.message} />,
        422,
      );
    }
    // The person who just chose the password is the admin: no second sign-in with it.
    return c.redirect(afterPassword(c, deps, getUser(db, adminId), ""), 303);
  });

  app.get("/forgot-password", (c) => c.html(<ForgotPage csrf={c.get("csrfToken")} centerName={center()} />));

  app.post("/forgot-password", async (c) => {
    const form = new FormReader(await formBody(c));
    const email = form.email("email", "Email", true);
    try {
      forgotByIp.hit(clientIp(c), "Too many requests. Wait a few minutes and try again.");
      form.done();
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const errors = err instanceof ValidationError ? err.fields : {};
      return c.html(
        <ForgotPage csrf={c.get("csrfToken")} centerName={center()} email={email} errors={errors} message={err.message} />,
        err.status as 422 | 429,
      );
    }
    // Known and unknown addresses get the same answer at the same speed: the links are made after it is sent.
    const request = { baseUrl: deps.baseUrl(), centerName: center(), now: clock.now() };
    // A real zero-delay timer, not the clock's: this is "after the answer has gone out", not a time of day.
    setTimeout(() => {
      try {
        requestPasswordReset(db, deps.mail, email, request.baseUrl, request.centerName, request.now);
      } catch (err) {
        deps.log.error("password reset request failed", { err });
      }
    }, 0);
    return c.html(<ForgotPage csrf={c.get("csrfToken")} centerName={request.centerName} sent />);
  });

  app.get("/password/:token", (c) => {
    const token = c.req.param("token");
    try {
      const { user } = userForPasswordLink(db, token, clock.now());
      return c.html(
        <SetPasswordPage
          csrf={c.get("csrfToken")}
          centerName={center()}
          token={token}
          username={user.username}
          strong={getSettings(db).strongPasswords}
        />,
      );
    } catch (err) {
      if (err instanceof AppError)
        return c.html(<LinkProblemPage csrf={c.get("csrfToken")} centerName={center()} problem={err.message} />, 404);
      throw err;
    }
  });

  app.post("/password/:token", async (c) => {
    const token = c.req.param("token");
    const body = await formBody(c);
    const str = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : "");
    let username = "";
    const strong = getSettings(db).strongPasswords;
    try {
      const { user, tokenId } = userForPasswordLink(db, token, clock.now());
      username = user.username;
      await setPassword(db, user.id, str("password"), str("confirm"), strong, clock.now(), tokenId);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (!username) return c.html(<LinkProblemPage csrf={c.get("csrfToken")} centerName={center()} problem={err.message} />, 404);
      const errors = err instanceof ValidationError ? err.fields : {};
      return c.html(
        <SetPasswordPage
          csrf={c.get("csrfToken")}
          centerName={center()}
          token={token}
          username={username}
          strong={strong}
          errors={errors}
          message={err.message}
        />,
        422,
      );
    }
    return c.redirect("/login?done=password", 303);
  });

  return app;
}
