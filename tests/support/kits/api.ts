import { API_SCOPES, type ApiScope, createApiToken } from "../../../src/auth/index.ts";
import type { Db } from "../../../src/db/index.ts";

/** Test helper: a bearer token with these scopes (all by default), created as an admin would. */
export function tokenFor(
  db: Db,
  now: number,
  adminId: string,
  scopes: readonly ApiScope[] = API_SCOPES,
  expiresInDays: number | null = 30,
) {
  return createApiToken(db, { name: "CRM sync", scopes: [...scopes], expiresInDays }, { id: adminId, name: "boss" }, now);
}
