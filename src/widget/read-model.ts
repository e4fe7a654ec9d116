/**
 * The widget's foreign tables: queue positions and the departments offered join chat's conversations,
 * routing's interactions and members, and presence. Not yet a pure read model: offline.ts inserts the
 * offline message's conversation and invite-start.ts updates the invited chat's interaction; those writes
 * belong in chat and routing. tests/architecture.test.ts allows these imports in this file only.
 */
export { conversations } from "../chat/conversation-schema.ts";
export { agentPresence } from "../presence/schema.ts";
export { interactions } from "../routing/interactions-schema.ts";
export { queueMembers } from "../routing/schema.ts";
