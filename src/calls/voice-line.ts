import type { G711Codec } from "../media/index.ts";
import { getAgentPhoneLeg, type PhoneEvents, type PhoneRegistry } from "../phone/index.ts";
import type { RoutingEvents } from "../routing/index.ts";
import type { CallEvents } from "./call-events.ts";
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
import type { Config } from "../config.ts";
import type { Db } from "../db/index.ts";
import type { Routing } from "../routing/index.ts";
import type { Clock, EventBus, Logger } from "../shared/index.ts";

type VoiceDeps = {
  config: Config;
  db: Db;
  bus: EventBus<CallEvents & RoutingEvents & PhoneEvents>;
  clock: Clock;
  log: Logger;
  routing: Routing;
  phones: PhoneRegistry;
};

/** The address in our SDP: the configured media address (a NAT's public side), else SIP's advertised host. */
function mediaAddress(deps: VoiceDeps, trunk: TrunkSide, bindHost: string): string {
  return deps.config.mediaAddress || (trunk.endpoint.local("UDP")?.address ?? bindHost);
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

/** The voice channel on the trunk: the call service and its start and stop, for the composition root's list. */
export type VoiceLine = { readonly calls: CallService; start(): void; stop(): void };

/**
 * Builds the voice channel on the SIP trunk. The call service registers for trunk INVITEs (past the trunk's
 * source check) as it is built, and adds each call's dialog to the endpoint's dialog table for its BYE,
 * re-INVITE and INFO. At start, calls left over from a previous run are ended, and voice work is offered
 * only to agents whose browser phone is ready.
 */
export function createVoiceLine(deps: VoiceDeps, trunk: TrunkSide, bindHost: string): VoiceLine {
  const log = deps.log.child({ module: "calls" });
  const calls = new CallService({
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
  let detachReach: (() => void) | null = null;
  return {
    calls,
    start() {
      const orphans = endOrphanedCalls(deps.db, deps.routing);
      if (orphans) log.info("calls of the previous run ended", { count: orphans });
      detachReach = offerVoiceToReadyPhones(deps);
    },
    stop() {
      detachReach?.();
      calls.stop(); // BYE to every caller while SIP still runs
    },
  };
}
