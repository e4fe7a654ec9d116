import type { AppDeps } from "../deps.ts";
import type { G711Codec } from "../media/index.ts";
import { getAgentPhoneLeg } from "../phone/index.ts";
import type { SipEndpoint } from "../sip/index.ts";
import { getSettings } from "../settings/index.ts";
import { CallService } from "./call-service.ts";
import { colleagueByExtension } from "./colleagues.ts";
import type { InboundTarget } from "./inbound-calls.ts";
import type { OutsideLine } from "./outbound-calls.ts";
import { endOrphanedCalls } from "./orphans.ts";
import { offerVoiceToReadyPhones } from "./phone-reach.ts";
import { QueueSounds } from "./queue-sounds.ts";
import { rtpCallMedia } from "./rtp-media.ts";

const services = new WeakMap<AppDeps, CallService>();

/** The address in our SDP: the configured media address (a NAT's public side), else SIP's advertised host. */
function mediaAddress(deps: AppDeps, trunk: TrunkSide, bindHost: string): string {
  return deps.config.mediaAddress || (trunk.endpoint.local("UDP")?.address ?? bindHost);
}

/** The call service of a running appliance; null when it has no SIP side (route tests without SIP). */
export function callService(deps: AppDeps): CallService | null {
  return services.get(deps) ?? null;
}

export function setCallService(deps: AppDeps, service: CallService | null): void {
  if (service) services.set(deps, service);
  else services.delete(deps);
}

/** What the call layer needs of the SIP trunk (src/trunk's SipTrunk), passed in by the wiring. */
export type TrunkSide = {
  readonly endpoint: SipEndpoint;
  /** The inbound route of a dialled number. */
  route(did: string): InboundTarget | null;
  /** Where a number an agent dialled goes (number rules, caller ID); throws when it cannot be called. */
  outsideLine(dialled: string): Promise<OutsideLine>;
  /** The codecs to answer with, in order of preference. */
  codecs(): readonly G711Codec[];
};

/**
 * Starts the voice channel on a running appliance: calls left over from a previous run are ended, and trunk
 * INVITEs (past the trunk's source check) come to the call service, which adds each call's dialog to the
 * endpoint's dialog table for its BYE, re-INVITE and INFO. Voice work is offered only to agents whose browser
 * phone is ready.
 */
export function startCallService(deps: AppDeps, trunk: TrunkSide, bindHost: string): CallService {
  const log = deps.log.child({ module: "calls" });
  const orphans = endOrphanedCalls(deps.db, deps.routing);
  if (orphans) log.info("calls of the previous run ended", { count: orphans });
  const service = new CallService({
    endpoint: trunk.endpoint,
    routing: deps.routing,
    bus: deps.bus,
    clock: deps.clock,
    log,
    media: rtpCallMedia({ host: bindHost, address: mediaAddress(deps, trunk, bindHost), range: deps.config.rtpPorts, log }),
    sounds: new QueueSounds(deps.db, deps.clock, log),
    route: (did) => trunk.route(did),
    attachedFields: () => getSettings(deps.db).attachedFields,
    codecs: () => trunk.codecs(),
    outsideLine: (dialled) => trunk.outsideLine(dialled),
    phone: (agentId) => getAgentPhoneLeg(deps, agentId),
    colleague: (extension) => colleagueByExtension(deps.db, extension),
    maxCalls: deps.config.maxCalls,
  });
  offerVoiceToReadyPhones(deps);
  setCallService(deps, service);
  return service;
}
