/** Chat: for now the internal chat between agents and supervisors and the colleagues list (FEATURES C1, C10). */
export {
  /** My colleagues (a shared queue or team) by name, with live state and unread count. */
  type Colleague,
  colleaguesOf,
} from "./colleagues.ts";
export {
  /** Ids of everyone who shares a queue or team with a user (who hears about that user's changes). */
  colleagueIdsOf,
  /** One colleague, or null when there is no such user or nothing is shared. */
  findColleague,
} from "./colleagues-scope.ts";
export {
  /** The last 50 messages between two people, oldest first. */
  conversation,
  CONVERSATION_SIZE,
  INTERNAL_BODY_MAX,
  type InternalMessage,
  /** Marks a peer's messages to me as read; publishes `internal_message.read`. */
  markRead,
  /** Parses the send form (1–2000 characters), throwing ValidationError. */
  readInternalForm,
  /** The peer as a colleague, or NotFound. */
  requireColleague,
  /** Stores a message to a colleague (committed on return), then publishes `internal_message.created`. */
  sendInternal,
  /** Unread messages to a user, per sender. */
  unreadCounts,
} from "./internal.ts";
export {
  /** Subscribes the colleagues panel and internal chat pushes to the bus; returns a detach function. */
  attachInternalChatLive,
  /** The pushes that rebuild one user's colleagues panel (for the events endpoint's snapshot on connect). */
  colleaguesSnapshot,
} from "./internal-live-routes.tsx";
export { internalChatRoutes } from "./internal-routes.tsx";
export * from "./schema.ts";
