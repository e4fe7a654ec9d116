/**
 * Chat (FEATURES C1, C10, W2–W4): conversations with website visitors, their messages, attachments and
 * transcripts; the internal chat between agents and supervisors; the colleagues list.
 */
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
  /** Files were removed outside the upload path: the next quota check sums the stored bytes again. */
  recountStored,
  /** Bytes of chat files stored, in one conversation or in all. */
  storedBytes,
} from "./attachment-room.ts";
export {
  /** Removes the bytes of chat files past their retention (row and message stay), hourly on the clock; returns the stop function. */
  startAttachmentPurge,
} from "./attachment-retention.ts";
export {
  ACCEPTED_TYPES,
  ATTACHMENT_MAX_BYTES,
  type Allowance,
  type Attachment,
  /** Checks a file's content (magic bytes), name and size, throwing ValidationError. */
  checkFile,
  /** Headers that make a browser save a file, never render it (nosniff, attachment, sandbox). */
  downloadHeaders,
  /** A file of a conversation, or NotFound. */
  getAttachment,
  /** Stores a file and its message in one transaction; idempotent by client message id. */
  sendAttachment,
  /** The accepted type of a file judged by its content alone, or null. */
  sniffType,
} from "./attachments.ts";
export {
  type Conversation,
  type ConversationPhase,
  /** The web chat of an interaction, or null. */
  conversationOfInteraction,
  /** Waiting, active, ended (or offline message), from the conversation and its interaction. */
  conversationPhase,
  /** Opens a conversation and queues its chat interaction atomically; returns the visitor's one-time token. */
  createConversation,
  getConversation,
  /** The visitor leaves: abandoned before an agent accepted, else the session ends (W8). */
  leaveConversation,
  type PreChatInput,
  type StartOptions,
  /** Rating 1–5 and comment once the chat is over (W9). */
  rateConversation,
  readContext,
  /** Parses the pre-chat form with its limits, throwing ValidationError per field. */
  readPreChat,
  VISITOR_LIMITS,
  /** The conversation for the holder of its token only (Forbidden otherwise). */
  visitorConversation,
  /** An agent took the chat at some point (else there is nothing to rate). */
  wasAnswered,
} from "./conversation.ts";
export {
  /** Writes system messages for joins, transfers and ends; publishes conversation.agent_joined / conversation.ended. */
  attachConversationLog,
} from "./conversation-events.ts";
export { CONVERSATION_STATUSES, type ConversationStatus, SENDER_KINDS, type SenderKind } from "./conversation-schema.ts";
export {
  /** The conversation of a chat of this agent (in progress unless `{ open: false }`), or Forbidden/Conflict. */
  agentConversation,
  aliasOf,
  /** Appends a message inside the caller's transaction (idempotent by client id); the caller publishes. */
  appendMessage as appendMessageTx,
  type AttachmentInfo,
  type ChatMessage,
  /** Commits one message and publishes chat_message.created (when new). */
  commitMessage,
  DEFAULT_ALIAS,
  MESSAGE_MAX,
  type MessageView,
  /** Messages after a sequence number, oldest first, with attachment details. */
  messagesAfter,
  type AgentMessageView,
  /** Messages with their sender's user id, for the agent console only. */
  messagesForAgent,
  messageView,
  /** The agent handling a chat sends a message (shown to the visitor under the agent's alias). */
  postAgentMessage,
  /** The visitor sends a message; acknowledged after commit, idempotent by client id. */
  postVisitorMessage,
  readMessageInput,
  requireOpen,
  /** The agent is typing: pushes "<alias> is typing…" to the visitor. */
  signalAgentTyping,
} from "./messages.ts";
export {
  buildTranscript,
  formatTime,
  MAIL_UNAVAILABLE,
  /** Queues the transcript mail (plain text, plus an HTML view when given one). */
  mailTranscript,
  readTranscriptAddress,
  type Transcript,
  type TranscriptLine,
  transcriptText,
  /** The pre-chat address, the only one a visitor's transcript may go to; Unavailable without a mail server. */
  visitorTranscriptAddress,
} from "./transcript.ts";
export {
  conversationInTx,
  linkConversation,
  listOfflineConversations,
  type OfflineVisitor,
  storeOfflineConversation,
} from "./offline-conversations.ts";
export type { ChatEvents } from "./events.ts";
