/**
 * The read model of routing: who may take work is a join of people (role, permissions, capacities,
 * auto-answer) with their presence, read on every dispatch in one SQL query (agent-pool.ts). Routing
 * changes presence only through PresenceService. tests/architecture.test.ts allows these imports in this
 * file only.
 */
export { users } from "../auth/schema.ts";
export { agentPresence } from "../presence/schema.ts";
