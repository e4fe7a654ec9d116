/** A call changed (state, mute, digits): the agent's voice panel is rendered again. */
export const CALL_UPDATED = "call.updated";
/** A call the agent dialled did not connect; the payload's message says why, for the agent's console. */
export const CALL_FAILED = "call.failed";
