import type { Db, Tx } from "./client.ts";

/**
 * A query built once per database and then run with `sql.placeholder()` values. drizzle builds the SQL text
 * of a query on every call, which on a hot path (a chat message, a signed-in request) costs far more than
 * SQLite's indexed lookup. Within a transaction the query is built for that transaction, as before.
 */
export function preparedQuery<T>(build: (db: Db | Tx) => T): (db: Db | Tx) => T {
  const built = new WeakMap<object, T>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
