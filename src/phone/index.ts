/**
 * The browser phone (FEATURES V1, C6): the console island's WebRTC signalling over a WebSocket and each
 * signed-in agent's phone as a media leg for calls to bridge.
 */
import type { AgentPhone } from "./agent-phone.ts";
import type { PhoneRegistry } from "./registry.ts";

export { AgentPhone, type PhoneState } from "./agent-phone.ts";
export {
  createPhoneRegistry,
  mediaNetwork,
  PHONE_GRACE_MS,
  PhoneRegistry,
  unregisterOnSignOut,
} from "./registry.ts";
export { PHONE_STATE_CHANGED, type PhoneEvents } from "./events.ts";
export type { BrowserSignal, ServerSignal } from "./signals.ts";

/**
 * The agent's phone as a media leg (stable across page reloads), or null when the agent has no phone
 * registered: never opened the console, signed out, or away past PHONE_GRACE_MS.
 */
export function getAgentPhoneLeg(deps: { phones: PhoneRegistry }, agentId: string): AgentPhone | null {
  return deps.phones.get(agentId);
}
