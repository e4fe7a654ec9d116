/**
 * The supervisor's read model: the other modules' tables the live view reads (FEATURES S1). One board row
 * joins a person, their presence, their teams, their departments and their work, so the view reads them in
 * SQL rather than through five modules' functions. It only reads: changes go through the owners (presence,
 * routing, teams). tests/architecture.test.ts allows these imports in this file only.
 */
export { users } from "../auth/schema.ts";
export { agentPresence } from "../presence/schema.ts";
export { interactions, offers, transferWrapUps } from "../routing/interactions-schema.ts";
export { queueMembers, queues } from "../routing/schema.ts";
export { teamMembers, teams } from "../teams/schema.ts";
