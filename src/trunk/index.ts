/**
 * The SIP trunk to the provider (FEATURES A7): its settings, outbound number rules, inbound routes, the
 * registration (RFC 3261 §10.2) and its live status, and the appliance's SIP endpoint that carries them.
 */
export { TRUNK_TRANSPORTS, TRUNK_AUTH_MODES, ROUTE_TARGETS } from "./schema.ts";
/** The trunk as stored (defaults until saved), and whether it names a provider. */
export { CODECS, type Codec, EXPIRES_LIMITS, getTrunk, isConfigured, TRUNK_DEFAULTS, type TrunkConfig } from "./trunk-config.ts";
/** The admin form (ValidationError per field; a blank password keeps the stored one) and the audited save. */
export { CODEC_CHOICES, MAX_ALLOW_ENTRIES, readTrunkForm } from "./trunk-form.ts";
export { saveTrunk } from "./trunk-store.ts";
/** Outbound number rules: the first rule whose prefix matches strips and adds; the call layer applies them. */
export { applyNumberRules, cleanNumber, MAX_NUMBER_RULES, type NumberRule } from "./number-rules.ts";
/** An agent's outside call: where it goes and as whom (FEATURES V3). */
export { type OutboundTarget, outboundTarget } from "./outbound-target.ts";
/** Inbound routes DID → voice queue or agent; `resolveInboundRoute` is what the call layer asks per INVITE. */
export { ANY_DID, type InboundRouteInput, readInboundRouteForm } from "./inbound-route-form.ts";
export {
  createInboundRoute,
  deleteInboundRoute,
  getInboundRoute,
  type InboundRoute,
  listInboundRoutes,
  resolveInboundRoute,
  type RouteTarget,
  routeTargets,
  updateInboundRoute,
} from "./inbound-routing.ts";
/** The live status for the admin page and doctor. */
export { type TrunkState, type TrunkStatus, trunkStatus } from "./status.ts";
export { trunkCheck } from "./doctor-check.ts";
/** The running SIP side: endpoint (with the trunk's source check on INVITE), registration, `isTrunkSource`; reloads on `trunk.updated`. */
export { TRUNK_UPDATED, type TrunkEvents } from "./events.ts";
export { SipTrunk, type SipTrunkOptions } from "./runtime.ts";
/** The registration client and the address checks, for tests and the call layer. */
export { REGISTRATION_BACKOFF, Registration, type RegistrationDeps, type RegistrationReport } from "./registration.ts";
export type { RegistrationTarget } from "./register-request.ts";
export { inAllowList, normalizeAddress } from "./addresses.ts";
export { AddressCache, type Lookup } from "./resolver.ts";
