import type { PhoneState } from "./agent-phone.ts";

export const PHONE_STATE_CHANGED = "phone.state_changed";

/** The events the agents' browser phones publish, by name, with their payloads. */
export type PhoneEvents = {
  /** An agent's browser phone connected, went away or was closed: whether calls can reach them changed. */
  [PHONE_STATE_CHANGED]: { agentId: string; state: PhoneState; at: number };
};
