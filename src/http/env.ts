/** The request's variables: the session middleware of auth sets the user, so auth declares them. */
export type { AuthedEnv, Env } from "../auth/index.ts";
