/**
 * The browser phone (FEATURES V1, C6): the console island's WebRTC signalling over a WebSocket and each
 * signed-in agent's phone as a media leg for calls to bridge.
 */
import type { AppDeps } from "../deps.ts";
import type { AgentPhone } from "./agent-phone.ts";

export { AgentPhone, type PhoneState } from "./agent-phone.ts";
export { PHONE_STATE_CHANGED, type PhoneEvents } from "./events.ts";
export { createPhoneRegistry, mediaNetwork, PHONE_GRACE_MS, PhoneRegistry, unregisterOnSignOut } from "./registry.ts";
export { phoneRoutes } from "./routes.ts";
export type { BrowserSignal, ServerSignal } from "./signals.ts";

/**
 * The agent's phone as a media leg (stable across page reloads), or null when the agent has no phone
 * registered: never opened the console, signed out, or away past PHONE_GRACE_MS.
 */
export function getAgentPhoneLeg(deps: Pick<AppDeps, "phones">, agentId: string): AgentPhone | null {
  return deps.phones.get(agentId);
}
