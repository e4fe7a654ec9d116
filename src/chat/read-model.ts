/**
 * The read model of chat: the colleagues list joins people, avatars, presence and shared departments and
 * teams in SQL (colleagues.ts, colleagues-scope.ts). Chat only reads them. tests/architecture.test.ts
 * allows these imports in this file only.
 */
export { avatars, users } from "../auth/schema.ts";
export { agentPresence } from "../presence/schema.ts";
export { queueMembers } from "../routing/schema.ts";
export { teamMembers } from "../teams/schema.ts";
