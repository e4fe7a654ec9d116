import type { SessionUser } from "../auth/index.ts";

/** Per-request values set by middleware. */
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
