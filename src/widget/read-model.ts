/**
 * The widget's foreign tables: queue positions and the departments offered join chat's conversations,
 * routing's interactions and members, and presence. Not yet a pure read model: invite-start.ts clears the
 * direct target of an invited chat's interaction when its inviter declines, a write that belongs in
 * routing. tests/architecture.test.ts allows these imports in this file only.
 */
export { conversations } from "../chat/conversation-schema.ts";
export { agentPresence } from "../presence/schema.ts";
export { interactions } from "../routing/interactions-schema.ts";
export { queueMembers } from "../routing/schema.ts";
