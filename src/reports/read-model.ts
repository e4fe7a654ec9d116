/**
 * The tables of other modules that reports and the interaction history read (never write, except the
 * forget and retention actions named in history-forget.ts and retention.ts): one declared place, so an
 * owner changing a table finds every outside reader here.
 */
export { users } from "../auth/index.ts";
export { chatAttachments, chatMessages, conversations } from "../chat/index.ts";
export { interactions, offers, queueMembers, queues, transferWrapUps } from "../routing/index.ts";
export { reportEvents } from "./schema.ts";
