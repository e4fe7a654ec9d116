import type { ApiToken } from "../auth/index.ts";

/** Per-request values of the REST API: the bearer token that authenticated the call. */
export type ApiEnv = { Variables: { token: ApiToken; requestId: string } };
