/** Identity: users, sessions, sign-in, lockout, passwords and one-time links (FEATURES A1, A2 identity, A3, D2). */
export { createAdmin, hasAdmin, issueSetupToken } from "./first-run.ts";
export type { AuthEvents } from "./events.ts";
export { checkLogin, type SignInAttempt } from "./login.ts";
/** Hourly removal of expired sessions (they are refused at lookup already). */
export { SESSION_PURGE_EVERY_MS, startSessionPurge } from "./sessions.ts";
export type { AuthedEnv, Env } from "./request-env.ts";
/** The brake on password guessing: failed sign-ins per typed name and address, growing blocks. */
export { blockedUntil, countFailure, pausedSignIns, type SignInPause } from "./sign-in-brake.ts";
export {
  clearSessionCookie,
  hasPermission,
  requirePermission,
  requireRole,
  SESSION_COOKIE,
  sessionMiddleware,
  setSessionCookie,
} from "./middleware.ts";
export { type MailQueue, queueWelcomeMail, requestPasswordReset, setPassword, userForPasswordLink } from "./password-links.ts";
export { hashPassword, passwordProblem, verifyPassword } from "./passwords.ts";
export {
  ROLES,
  type Role,
  TYPOLOGIES,
  PERMISSIONS,
  type Permission,
  NOTIFY_POSITIONS,
  TOKEN_PURPOSES,
  API_SCOPES,
  type ApiScope,
  CHALLENGE_KINDS,
} from "./schema.ts";
export {
  createSession,
  destroySession,
  destroyUserSessions,
  type EndedSession,
  hasSession,
  onSessionsEnded,
  resolveSession,
  type SessionUser,
  sessionAlive,
  sessionIdOf,
  signOutOtherSessions,
} from "./sessions.ts";
/** Two-step sign-in (TOTP, RFC 6238) with single-use recovery codes: enrolment, turning off, admin reset; audited. */
export {
  beginEnrolment,
  confirmEnrolment,
  hasTotp,
  otpauthUri,
  regenerateRecoveryCodes,
  resetUserTotp,
  totpCodeAt,
  totpOfUser,
  turnOffTotp,
  unusedRecoveryCodes,
} from "./totp.ts";
/** Avatars: PNG/JPEG told by their bytes, at most 8 MB, stored in the avatars table. */
export { AVATAR_MAX_BYTES, type AvatarImage, getAvatar, hasAvatar, readAvatarUpload, sniffImage } from "./avatar.ts";
/** Self-service profile changes (FEATURES C5), audited as the user's own. */
export { type ProfileInput, readProfileInput, setOwnAvatar, updateProfile } from "./profile.ts";
/** Admin create/edit of one user (FEATURES A2): welcome mail or link, SIP secret, guards for self and the last admin; audited. */
export { createUser, newSipSecret, type SaveOptions, updateUser, type Welcome } from "./user-admin.ts";
/** Actions on one or many users: delete, disable/enable (signs out), unlock (resets failed sign-ins), new SIP secret; audited. */
export { deleteUsers, regenerateSipSecret, setUsersDisabled, unlockUsers } from "./user-bulk.ts";
/** CSV export of users with spreadsheet-formula cells defused. */
export { usersCsv } from "./user-csv.ts";
/** The admin user form: reading and checking every field. */
export { inputFromUser, type NotifyPosition, parsePermissions, readUserInput, type Typology, type UserInput } from "./user-form.ts";
/** What the user form shows, from a stored user or as posted. */
export { formValues, formValuesFromBody, NEW_USER_DEFAULTS, type UserFormValues } from "./user-form-values.ts";
/** Password changes by an admin or by the user (policy enforced, sessions ended), and admin-sent reset links. */
export { adminSetPassword, changeOwnPassword, sendPasswordLink } from "./user-passwords.ts";
/** Reading users: by id/username, the searchable paged list, free extensions, uniqueness. */
export {
  countAdmins,
  EXTENSION_RULE,
  findUserByUsername,
  enabledUserByExtension,
  findUser,
  getUser,
  listPeople,
  type Person,
  listUsers,
  nextFreeExtension,
  type User,
  type UserFilter,
  USER_STATES,
  USERNAME_RULE,
  USERS_PAGE_SIZE,
  type UserState,
  usersAfter,
  usersByIds,
  userNames,
  usersWithExtension,
} from "./users.ts";
/** Bearer tokens for the REST API (FEATURES I3): created with scopes and expiry, shown once, stored hashed, revocable. */
export {
  API_TOKEN_EXPIRY_DAYS,
  type ApiToken,
  type ApiTokenInput,
  apiTokenScopes,
  createApiToken,
  listApiTokens,
  readApiTokenForm,
  resolveApiToken,
  revokeApiToken,
} from "./api-tokens.ts";
/** Single sign-on with OpenID Connect (FEATURES A10): settings form, provider check, who must use it. */
export { checkSsoProvider, ssoCheck, ssoConfigured, ssoRequiredFor } from "./sso.ts";
export { readSsoForm } from "./sso-form.ts";
