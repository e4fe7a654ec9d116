/**
 * The read model of teams: member lists join people for their names and roles, in SQL. Teams never writes
 * users. tests/architecture.test.ts allows these imports in this file only.
 */
export { users } from "../auth/schema.ts";
