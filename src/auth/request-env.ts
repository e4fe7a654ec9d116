import type { SessionUser } from "./sessions.ts";

/** Per-request values set by middleware: the session's user (this module) plus the request id and CSRF token. */
export type Env = {
  Variables: {
    requestId: string;
    csrfToken: string;
    user: SessionUser | null;
    sessionToken: string | null;
  };
};

/** The signed-in user on a route guarded by requireRole. */
export type AuthedEnv = Env & { Variables: { user: SessionUser } };
