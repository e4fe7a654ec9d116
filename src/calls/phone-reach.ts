import { getAgentPhoneLeg, PHONE_STATE_CHANGED, type PhoneEvents, type PhoneRegistry } from "../phone/index.ts";
import type { Reachable, Routing } from "../routing/index.ts";
import type { EventBus } from "../shared/index.ts";

/**
 * Voice work rings only agents whose browser phone is ready (FEATURES V1): an offer they cannot answer would
 * ring out, make them Not Ready ("Missed") and keep the caller waiting for nothing. Routing is built with it.
 */
export function readyPhonesOnly(deps: { phones: PhoneRegistry }): Reachable {
  return (agentId, channel) => channel !== "voice" || getAgentPhoneLeg(deps, agentId)?.state === "ready";
}

/**
 * A phone coming up offers a waiting call to its agent at once; a phone going down withdraws the voice offers
 * ringing for it. Returns the detach.
 */
export function offerVoiceToReadyPhones(deps: { routing: Routing; bus: EventBus<PhoneEvents> }): () => void {
  const { routing, bus } = deps;
  return bus.subscribe(PHONE_STATE_CHANGED, (p) => routing.reachabilityChanged(p.agentId));
}
