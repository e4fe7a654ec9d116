/** The REST API under /api/v1 (FEATURES I3): bearer tokens, scopes, rate limit, OpenAPI 3.1 from the routes themselves. */
export { API_RATE_PER_MINUTE, API_UNAUTHENTICATED_PER_MINUTE } from "./auth.ts";
