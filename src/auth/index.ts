/** Identity: users, sessions, sign-in, lockout, passwords and one-time links (FEATURES A1, A2 identity, A3, D2). */
export { createAdmin, hasAdmin, issueSetupToken } from "./first-run.ts";
export { checkLogin } from "./login.ts";
export { clearSessionCookie, hasPermission, requireRole, SESSION_COOKIE, sessionMiddleware, setSessionCookie } from "./middleware.ts";
export { type MailQueue, queueWelcomeMail, requestPasswordReset, setPassword, userForPasswordLink } from "./password-links.ts";
export { hashPassword, passwordProblem, verifyPassword } from "./passwords.ts";
export { authRoutes } from "./routes.tsx";
export * from "./schema.ts";
export { createSession, destroySession, destroyUserSessions, resolveSession, type SessionUser } from "./sessions.ts";
export { AVATAR_MAX_BYTES, type AvatarImage, hasAvatar, readAvatarUpload, sniffImage } from "./avatar.ts";
export { type ProfileInput, readProfileInput, setOwnAvatar, updateProfile } from "./profile.ts";
export { createUser, newSipSecret, type SaveOptions, updateUser, type Welcome } from "./user-admin.ts";
export { deleteUsers, regenerateSipSecret, setUsersDisabled, unlockUsers } from "./user-bulk.ts";
export { usersCsv } from "./user-csv.ts";
export { inputFromUser, type NotifyPosition, parsePermissions, readUserInput, type Typology, type UserInput } from "./user-form.ts";
export { formValues, formValuesFromBody, NEW_USER_DEFAULTS, type UserFormValues } from "./user-form-values.ts";
export { adminSetPassword, changeOwnPassword, sendPasswordLink, signOutOtherSessions } from "./user-passwords.ts";
export {
  countAdmins,
  EXTENSION_RULE,
  findUserByUsername,
  getUser,
  listUsers,
  nextFreeExtension,
  type User,
  type UserFilter,
  USER_STATES,
  USERNAME_RULE,
  USERS_PAGE_SIZE,
  type UserState,
  usersByIds,
} from "./users.ts";
