import type { CallState } from "./call-state.ts";

export const CALL_UPDATED = "call.updated";
export const CALL_NOTICE = "call.notice";

/** The events the call layer publishes, by name, with their payloads. */
export type CallEvents = {
  /** A call changed (state, mute, digits): the agent's voice panel is rendered again (none yet: `agentId` null). */
  [CALL_UPDATED]: { interactionId: string; agentId: string | null; state: CallState };
  /** Something the agent should read about their call: it did not connect (and why), a transfer out worked or failed. */
  [CALL_NOTICE]: { agentId: string; interactionId: string; message: string; kind: "ok" | "error" };
};
