/** The database: opened in one place, migrated from embedded SQL, written atomically through transaction(). */
export { backupTo, type Db, openDb, transaction, type Tx } from "./client.ts";
export { migrate } from "./migrate.ts";
