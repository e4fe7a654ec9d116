/** The customer widget of the web chat (FEATURES W1–W3, W8, W9): script, public API, visitor pushes. */
export {
  /** Middleware for the widget's cross-origin rules (allowed origins, preflight, CORP); mount before the security headers. */
  widgetCrossOrigin,
  /** Whether a path is the widget API (exempt from the cookie CSRF check: it uses a visitor token header). */
  isWidgetApi,
} from "./cors.ts";
export { type Department, listDepartments } from "./departments.ts";
export { leaveOfflineMessage, listOfflineMessages, readOfflineForm } from "./offline.ts";
export { averageWaitMs, type QueueStanding, standings } from "./queue-position.ts";
export {
  /** When the inviter declines or signs out, an invited chat falls back to its department's queue (W7). */
  attachInviteFallback,
} from "./invite-start.ts";
export {
  /** Pushes to connected visitors: messages, agent joined, typing, end, queue position. */
  attachWidgetLive,
} from "./live.ts";
export { type WaitingVisitors, watchWaitingVisitors } from "./visitor-gone.ts";
export { type VisitorState, visitorState } from "./visitor-state.ts";
export {
  AUDIO_VIDEO_LATER,
  INVITE_LIMIT,
  INVITE_TTL_MS,
  type Invite,
  type InviteInput,
  type InviteStatus,
  inviteStatus,
  /** Parses the "Invite a customer" form (W7), throwing ValidationError per field. */
  readInviteForm,
  /** The agent's latest invitations, newest first. */
  recentInvites,
  /** Stores a single-use, expiring invitation and queues its mail with the link; limited per agent and hour. */
  sendInvite,
} from "./invites.ts";
export { INVITE_KINDS, type InviteKind } from "./invite-schema.ts";
