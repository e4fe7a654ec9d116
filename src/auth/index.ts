/** Identity: users, sessions, sign-in, lockout, passwords and one-time links (FEATURES A1, A2 identity, A3, D2). */
export { createAdmin, hasAdmin, issueSetupToken } from "./first-run.ts";
export { checkLogin } from "./login.ts";
export { clearSessionCookie, hasPermission, requireRole, SESSION_COOKIE, sessionMiddleware, setSessionCookie } from "./middleware.ts";
export { type MailQueue, queueWelcomeMail, requestPasswordReset, setPassword, userForPasswordLink } from "./password-links.ts";
export { hashPassword, passwordProblem, verifyPassword } from "./passwords.ts";
export { authRoutes } from "./routes.tsx";
export * from "./schema.ts";
export { createSession, destroySession, destroyUserSessions, resolveSession, type SessionUser } from "./sessions.ts";
export { findUserByUsername, getUser, type User, USERNAME_RULE } from "./users.ts";
