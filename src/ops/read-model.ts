/**
 * The read model of ops: the tables the /metrics gauges count (people, presence, departments, work). Counts
 * across modules are one SQL query each; ops never writes them. tests/architecture.test.ts allows these
 * imports in this file only.
 */
export { users } from "../auth/schema.ts";
export { agentPresence } from "../presence/schema.ts";
export { interactions } from "../routing/interactions-schema.ts";
export { queues } from "../routing/schema.ts";
