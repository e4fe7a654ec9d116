/** A call changed (state, mute, digits): the agent's voice panel is rendered again. */
export const CALL_UPDATED = "call.updated";
/**
 * Something the agent should read about their call: it did not connect (and why), a transfer out worked or
 * failed. Payload: agentId, interactionId, message, kind ("ok" or "error").
 */
export const CALL_NOTICE = "call.notice";
