/**
 * The reports' read model: the other modules' tables the report pages and the interaction history read to
 * name people and departments and to show an interaction (never write, except the forget and retention actions
 * named in history-forget.ts and retention.ts). tests/architecture.test.ts allows these imports in this file only.
 */
export { users } from "../auth/schema.ts";
export { chatAttachments, chatMessages, conversations } from "../chat/conversation-schema.ts";
export { interactions, offers, transferWrapUps } from "../routing/interactions-schema.ts";
export { queueMembers, queues } from "../routing/schema.ts";
export { reportEvents } from "./schema.ts";
