/** Queues (departments), their members, and the routing engine that offers interactions to agents (FEATURES A4, R). */
export {
  /** Adds one agent or supervisor to a queue; audited. */
  addQueueMember,
  /** Adds every enabled agent and supervisor not yet in the queue at once; audited. Returns the count. */
  addAllAgentsToQueue,
  /** The people working in a queue. (`queueMembers` is the table.) */
  listQueueMembers,
  type QueueMember,
  /** Agents and supervisors that could still be added to a queue. */
  queueMemberCandidates,
  /** Removes one person from a queue; audited. */
  removeQueueMember,
  /** Makes a user a member of exactly these queues (the agent form, in its transaction). */
  setQueueMembership,
} from "./queue-members.ts";
export {
  /** Parses the queue form with the limits of FEATURES A4, throwing ValidationError per field. */
  readQueueForm,
  QUEUE_DEFAULTS,
  QUEUE_LIMITS,
  type QueueInput,
} from "./queue-form.ts";
export {
  /** Creates a queue after checking its name and overflow target; audited. */
  createQueue,
  /** Deletes a queue; Conflict while another queue overflows into it; audited. */
  deleteQueue,
  /** One queue, or NotFound. */
  findQueue,
  getQueue,
  /** Every queue, optionally of one channel. */
  listQueues,
  type Queue,
  /** The queues (departments) a user works in. */
  queuesOfUser,
  /** Changes every setting of a queue after the same checks as createQueue; audited. */
  updateQueue,
} from "./queues.ts";
export {
  CHANNELS,
  type Channel,
  LIVE_CHANNELS,
  STRATEGIES,
  OVERFLOW_KINDS,
  ANNOUNCE_KINDS,
  ACTIVE_OVERFLOW_KINDS,
  QUEUE_AUDIO_KINDS,
  WORK_MODES,
  type QueueAudioKind,
} from "./schema.ts";
export {
  listQueueAudio,
  type QueueAudioInfo,
  type QueueAudioUpload,
  /** Removes an uploaded recording of a queue (the built-in sound applies again); audited. */
  removeQueueAudio,
  queueAudioVersion,
  queueAudioWav,
  /** Stores or replaces a queue's converted recording of one kind; audited. */
  saveQueueAudio,
  /** A queued interaction's place in its queue and its estimated further wait. */
  waitingPosition,
} from "./queue-audio.ts";
export { canTake, channelPermissionLabel, loadAgentPool, mayTake, type PoolAgent } from "./agent-pool.ts";
export { DIRECT_RING_MS, Dispatcher, type Interaction, type Offer, type Reachable, startOfDay } from "./engine.ts";
export { DIRECTIONS, INTERACTION_STATUSES, type InteractionStatus, PART_STATUSES, OFFER_STATUSES } from "./interactions-schema.ts";
export { type EnqueueInput, Routing } from "./routing.ts";
/** Work waiting in an agent's departments, for the console's waiting list (issue 15). */
export { WAITING_LIST_MAX, type WaitingItem, waitingInQueuesOf } from "./pick.ts";
export type { RoutingEvents } from "./events.ts";
export { type Candidate, pickAgents, type Strategy } from "./strategies.ts";
/** Reading interactions for the REST API: filtered, newest first, by cursor. */
export {
  getInteraction,
  type InteractionCursor,
  type InteractionFilter,
  type InteractionRow,
  interactionProgress,
  lastCallsOf,
  listInteractions,
  offeredAgents,
  unfinishedInteractions,
} from "./interaction-list.ts";
