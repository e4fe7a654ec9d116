/** The database: opened in one place, migrated from embedded SQL, written atomically through transaction(). */
export { backupTo, type Db, openDb, transaction, type Tx } from "./client.ts";
export { type CheckedDb, DamagedDatabase, FULL_CHECK_MAX_BYTES, integrityProblem, markerOf, openCheckedDb } from "./checked-open.ts";
export { lockDataDir } from "./data-dir-lock.ts";
export { whenDurable } from "./durable.ts";
export { migrate } from "./migrate.ts";
export {
  /** Builds a query once per database for a hot path; run it with placeholder values. */
  preparedQuery,
} from "./prepared.ts";
