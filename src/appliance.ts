/**
 * The composition root: every long-lived service, pusher and listener of the appliance is built here, in one
 * order, and started and stopped as one list (stop runs in reverse). Route factories get what they need as
 * fields of AppDeps and change nothing when they are built.
 */
import { onSessionsEnded, startSessionPurge } from "./auth/index.ts";
import { type CallService, createVoiceLine, readyPhonesOnly } from "./calls/index.ts";
import { attachConversationLog, startAttachmentPurge } from "./chat/index.ts";
import { attachInternalChatLive } from "./chat/internal-live-routes.tsx";
import { baseUrl as applianceUrl, type Config, isLoopback, lanAddress } from "./config.ts";
import { attachChatLive, attachConsoleLive, attachVoiceLive } from "./console/index.ts";
import { endStreamsWithSessions } from "./console/stream/events-route.ts";
import type { Db } from "./db/index.ts";
import type { AppDeps } from "./deps.ts";
import type { AppEvents } from "./events.ts";
import { createMailService } from "./integrations/mail/index.ts";
import { createSalesforceService } from "./integrations/salesforce/index.ts";
import { createWebhookService } from "./integrations/webhooks/index.ts";
import { createPhoneRegistry, unregisterOnSignOut } from "./phone/index.ts";
import { PresenceService } from "./presence/index.ts";
import { attachReportLog, startRetentionPurge } from "./reports/index.ts";
import { Routing } from "./routing/index.ts";
import { getSettings } from "./settings/index.ts";
import {
  type Clock,
  createLogger,
  DiskAlarm,
  type EventBus,
  inProcessBus,
  type Logger,
  Metrics,
  SseHub,
  systemClock,
  type TimerHandle,
} from "./shared/index.ts";
import { attachSupervisorLive } from "./supervisor/routes.tsx";
import { getTrunk, resolveInboundRoute, SipTrunk } from "./trunk/index.ts";
import { attachInviteFallback, attachWidgetLive, watchWaitingVisitors } from "./widget/index.ts";

/** How long an agent's console may be silent before they are marked away (FEATURES C6). */
export const PRESENCE_TTL_MS = 60_000;
const SWEEP_EVERY_MS = 15_000;

/** One entry of the start/stop list. */
export type Part = { readonly name: string; start?(): void; stop?(): void | Promise<void> };

/** What every other part is built on: the database (already open and migrated), the bus, time, logs, metrics. */
export type Core = { config: Config; db: Db; bus: EventBus<AppEvents>; clock: Clock; log: Logger; metrics: Metrics };

export function applianceCore(config: Config, db: Db, opts: { clock?: Clock; log?: Logger; bus?: EventBus<AppEvents> } = {}): Core {
  const log = opts.log ?? createLogger(config.logLevel);
  const bus = opts.bus ?? inProcessBus<AppEvents>((name, err) => log.error("event handler failed", { event: name, err }));
  return { config, db, bus, clock: opts.clock ?? systemClock(), log, metrics: new Metrics() };
}

/** The SIP trunk and the host it is bound to. */
export type Sip = { trunk: SipTrunk; bindHost: string };

/**
 * Binds SIP (UDP and TCP on config.sipPort) and starts the trunk's registration. It comes before the rest
 * because the call service is built on its endpoint. SIP listens on loopback only when the web server does.
 */
export async function startSip(core: Core): Promise<Sip> {
  const { config, db, bus, clock, log, metrics } = core;
  const bindHost = isLoopback(config.httpHost) ? "127.0.0.1" : "0.0.0.0";
  const guard = { maxInvitesPerSecond: config.maxCallsPerSecond, banMs: config.sipBanSeconds * 1000 };
  const trunk = await SipTrunk.start({ db, bus, clock, log, metrics, host: bindHost, port: config.sipPort, guard });
  return { trunk, bindHost };
}

export type ApplianceOptions = {
  /** The SIP trunk from startSip; without it there is no voice channel (route tests). */
  sip?: Sip;
  /** Builds the call service instead of the trunk's voice line (tests that drive calls from their own SIP peer). */
  calls?: (deps: Omit<AppDeps, "calls" | "visitors">) => CallService;
  /** false leaves the mail outbox worker and the purges idle: route tests drive mail and purges by hand. */
  background?: boolean;
  /** The appliance's own address for links in mails; the default follows config and the LAN address. */
  baseUrl?: () => string;
};

export type Appliance = {
  deps: AppDeps;
  /** The parts' names in start order. */
  readonly parts: readonly string[];
  /** Starts every part in order. */
  start(): void;
  /** Adds a part that is already running (the web server): it is stopped first. */
  adopt(part: Part): void;
  /**
   * Stops every part in reverse order, the database last; parts that stop at once (all but SIP and the web
   * server) have stopped before the returned promise is first awaited.
   */
  stop(): Promise<void>;
};

/** Builds the appliance on its core; nothing runs before start(). */
export function buildAppliance(core: Core, opts: ApplianceOptions = {}): Appliance {
  const { config, db, bus, clock, log, metrics } = core;
  const parts: Part[] = [{ name: "database", stop: () => db.$client.close() }];
  const add = (part: Part) => parts.push(part);
  const background = opts.background ?? true;

  const disk = new DiskAlarm({ dir: config.dataDir, minFreeBytes: config.minFreeDiskMb * 1048576, clock, log });
  add({ name: "reports listener", ...detachable(() => attachReportLog(db, bus)) });

  const phones = createPhoneRegistry({ config, bus, clock, log });
  const presence: PresenceService = new PresenceService(db, bus, clock, (userId) => routing.hasActiveWork(userId));
  const maxOpen = () => getSettings(db).maxOpenInteractions;
  // With the SIP trunk, voice work rings only agents whose browser phone is ready.
  const reachable = opts.sip ? readyPhonesOnly({ phones }) : undefined;
  const routing: Routing = new Routing({ db, bus, clock, log, presence, maxOpen, reachable });
  add({ name: "presence", start: () => presence.restore(), stop: () => presence.stop() });
  add({ name: "routing", start: () => routing.restore(), stop: () => routing.stop() });
  add(presenceSweeper(presence, clock, log));

  const hub = new SseHub();
  add({ name: "phones", stop: () => phones.closeAll() });
  add({ name: "phone sign-out", ...detachable(() => unregisterOnSignOut(bus, phones)) });
  add({ name: "phones of ended sessions", ...detachable(() => onSessionsEnded(db, (ended) => phones.sessionsEnded(ended))) });

  const mail = createMailService({ db, clock, log, smtp: () => getSettings(db).smtp });
  const salesforce = createSalesforceService({ db, clock, log, bus, routing });
  const webhooks = createWebhookService({ db, clock, log, bus });
  const lan = lanAddress();
  const baseUrl = opts.baseUrl ?? (() => applianceUrl(config, config.httpPort, lan));
  const domain = { config, db, bus, clock, log, disk, mail, salesforce, webhooks, metrics, presence, routing, hub, phones, baseUrl };

  const { sip } = opts;
  if (sip) add({ name: "SIP trunk", stop: () => sip.trunk.stop() }); // de-registers from the provider
  const calls = voiceChannel(domain, opts, add);

  if (background) add({ name: "mail outbox", start: () => mail.start(), stop: () => mail.stop() });
  add({ name: "Salesforce", start: () => salesforce.start(), stop: () => salesforce.stop() });
  add({ name: "webhooks", start: () => webhooks.start(), stop: () => webhooks.stop() });
  if (background) {
    add({ name: "chat file purge", ...detachable(() => startAttachmentPurge(core, config.chatFilesKeepDays)) });
    add({ name: "session purge", ...detachable(() => startSessionPurge(core)) });
    add({ name: "retention purge", ...detachable(() => startRetentionPurge(core)) });
  }

  const visitors = watchWaitingVisitors({ db, hub, clock, routing, log });
  const deps: AppDeps = { ...domain, calls, visitors };
  add({ name: "waiting visitors", start: () => visitors.start(), stop: () => visitors.stop() });
  add({ name: "chat conversation log", ...detachable(() => attachConversationLog(deps)) });
  add({ name: "widget pushes", ...detachable(() => attachWidgetLive(deps)) });
  add({ name: "invitation fallback", ...detachable(() => attachInviteFallback(deps)) });
  add({ name: "internal chat pushes", ...detachable(() => attachInternalChatLive(deps)) });
  add({ name: "console pushes", ...detachable(() => attachConsoleLive(deps)) });
  add({ name: "console chat pushes", ...detachable(() => attachChatLive(deps)) });
  if (calls) add({ name: "console voice pushes", ...detachable(() => attachVoiceLive(deps)) });
  add({ name: "event streams of ended sessions", ...detachable(() => endStreamsWithSessions(deps)) });
  add({ name: "supervisor pushes", ...detachable(() => attachSupervisorLive(deps)) });

  return lifecycle(deps, parts);
}

/** The call service: on the SIP trunk, or the one a test builds, or none. */
function voiceChannel(deps: Omit<AppDeps, "calls" | "visitors">, opts: ApplianceOptions, add: (part: Part) => void): CallService | null {
  if (opts.calls) {
    const calls = opts.calls(deps);
    add({ name: "call service", stop: () => calls.stop() });
    return calls;
  }
  if (!opts.sip) return null;
  const { trunk, bindHost } = opts.sip;
  const { db } = deps;
  const side = {
    endpoint: trunk.endpoint,
    route: (did: string) => resolveInboundRoute(db, did),
    codecs: () => getTrunk(db).codecs,
    outsideLine: (dialled: string) => trunk.outbound(dialled),
  };
  const voice = createVoiceLine(deps, side, bindHost);
  add({ name: "call service", start: () => voice.start(), stop: () => voice.stop() }); // BYE while SIP still runs
  return voice.calls;
}

/** A part made of an attach function that returns its detach. */
function detachable(attach: () => () => void): Pick<Part, "start" | "stop"> {
  let detach: (() => void) | null = null;
  return {
    start: () => {
      detach = attach();
    },
    stop: () => {
      detach?.();
      detach = null;
    },
  };
}

/** Agents whose console has been silent past PRESENCE_TTL_MS are marked away. */
function presenceSweeper(presence: PresenceService, clock: Clock, log: Logger): Part {
  let timer: TimerHandle | null = null;
  const sweep = () => {
    const away = presence.sweepStale(PRESENCE_TTL_MS);
    if (away.length) log.info("agents marked away", { agents: away });
    timer = clock.setTimeout(sweep, SWEEP_EVERY_MS);
  };
  return {
    name: "presence sweeper",
    start: () => {
      timer = clock.setTimeout(sweep, SWEEP_EVERY_MS);
    },
    stop: () => {
      if (timer) clock.clearTimeout(timer);
      timer = null;
    },
  };
}

function lifecycle(deps: AppDeps, parts: Part[]): Appliance {
  let started = 0;
  return {
    deps,
    get parts() {
      return parts.map((p) => p.name);
    },
    start() {
      for (const part of parts.slice(started)) {
        part.start?.();
        started++;
      }
    },
    adopt(part) {
      parts.push(part);
      started = parts.length;
    },
    async stop() {
      const running = parts.slice(0, started).reverse();
      started = 0;
      for (const part of running) {
        const stopped = part.stop?.();
        if (stopped) await stopped;
      }
    },
  };
}
