/**
 * The reports' read model: the other modules' tables the report pages read to name people and departments
 * in filters and rows. Reports only read them; tests/architecture.test.ts allows these imports in this file only.
 */
export { users } from "../auth/schema.ts";
export { queues } from "../routing/schema.ts";
