import { createApp } from "./app.ts";
import { createAdmin, hasAdmin, issueSetupToken, passwordProblem, startSessionPurge } from "./auth/index.ts";
import { baseUrl, type Config, ConfigError, isLoopback, lanAddress } from "./config.ts";
import { lockDataDir, openCheckedDb } from "./db/index.ts";
import type { AppDeps } from "./deps.ts";
import { startAttachmentPurge } from "./chat/index.ts";
import { createMailService } from "./integrations/mail/index.ts";
import { createSalesforceService } from "./integrations/salesforce/index.ts";
import { loadOrCreateTls } from "./ops/index.ts";
import { createServices } from "./services.ts";
import { getSettings } from "./settings/index.ts";
import { type Clock, createLogger, DiskAlarm, inProcessBus, type Logger, Metrics, systemClock } from "./shared/index.ts";
import { getTrunk, resolveInboundRoute, SipTrunk } from "./trunk/index.ts";
import { type CallService, startCallService } from "./calls/index.ts";
import { join } from "node:path";
import { websocket } from "hono/bun";

export type Appliance = {
  deps: AppDeps;
  url: string;
  /** The first-run setup link when no admin exists yet. */
  setupLink: string | null;
  /** The SIP endpoint (UDP and TCP on config.sipPort) with the trunk's registration. */
  sip: SipTrunk;
  /** The voice channel: trunk calls queued, answered on the agents' browser phones. */
  calls: CallService;
  stop(): Promise<void>;
};

type BootOptions = {
  clock?: Clock;
  log?: Logger;
  adminPassword?: string;
  /** Where to print the human-readable banner (first-run link, fingerprint). */
  announce?: (line: string) => void;
};

/** Opens and migrates the database, handles first run, and starts the web server. */
export async function startAppliance(config: Config, opts: BootOptions = {}): Promise<Appliance> {
  const clock = opts.clock ?? systemClock();
  const log = opts.log ?? createLogger(config.logLevel);
  const announce = opts.announce ?? ((line: string) => process.stdout.write(`${line}\n`));
  const unlock = lockDataDir(config.dataDir, "serve");
  let opened: ReturnType<typeof openCheckedDb>;
  try {
    opened = openCheckedDb(join(config.dataDir, "switchboard.db"));
  } catch (err) {
    unlock();
    throw err;
  }
  const { db, applied, checked } = opened;
  if (checked === "key tables")
    log.warn("large database: only its key tables were checked at start; `switchboard doctor` checks every page");
  if (applied.length) log.info("migrations applied", { applied });

  const bus = inProcessBus((name, err) => log.error("event handler failed", { event: name, err }));
  const mail = createMailService({ db, clock, log, smtp: () => getSettings(db).smtp });
  let port = config.httpPort;
  const lan = lanAddress();
  const services = createServices({ db, bus, clock, log });
  const { presence, routing, hub } = services;
  const salesforce = createSalesforceService({ db, clock, log, bus, routing });
  const deps: AppDeps = {
    config,
    db,
    bus,
    clock,
    log,
    disk: new DiskAlarm({ dir: config.dataDir, minFreeBytes: config.minFreeDiskMb * 1048576, clock, log }),
    mail,
    salesforce,
    metrics: new Metrics(),
    presence,
    routing,
    hub,
    baseUrl: () => baseUrl(config, port, lan),
  };
  services.start();

  // SIP (issue 5): endpoint and trunk registration; SIP listens on loopback only when the web server does.
  const sipHost = isLoopback(config.httpHost) ? "127.0.0.1" : "0.0.0.0";
  const guard = { maxInvitesPerSecond: config.maxCallsPerSecond, banMs: config.sipBanSeconds * 1000 };
  const sip = await SipTrunk.start({ db, bus, clock, log, metrics: deps.metrics, host: sipHost, port: config.sipPort, guard });
  // End of SIP start.
  // Calls (issue 5): trunk INVITEs and their dialogs go to the call layer, bridged to the agents' browser phones.
  const calls = startCallService(
    deps,
    {
      endpoint: sip.endpoint,
      route: (did) => resolveInboundRoute(db, did),
      codecs: () => getTrunk(db).codecs,
      outsideLine: (dialled) => sip.outbound(dialled),
    },
    sipHost,
  );
  // End of calls wiring.

  const tls = config.tls === "off" ? null : await loadOrCreateTls(config.dataDir, config.tlsCert, config.tlsKey);
  if (tls?.generated) log.info("self-signed certificate created", { fingerprint: tls.fingerprint });
  const app = createApp(deps);
  const server = Bun.serve({
    hostname: config.httpHost,
    port: config.httpPort,
    fetch: app.fetch,
    websocket,
    tls: tls ? { cert: tls.cert, key: tls.key } : undefined,
    idleTimeout: 120,
  });
  port = server.port ?? config.httpPort;
  mail.start();
  salesforce.start();
  const stopPurges = [startAttachmentPurge(deps, config.chatFilesKeepDays), startSessionPurge(deps)];

  const setupLink = await firstRun(deps, opts.adminPassword, announce);
  if (tls) announce(`HTTPS certificate SHA-256 fingerprint: ${tls.fingerprint}`);
  log.info("serving", { url: deps.baseUrl(), tls: Boolean(tls) });

  return {
    deps,
    url: deps.baseUrl(),
    setupLink,
    sip,
    calls,
    async stop() {
      calls.stop(); // BYE to every caller while SIP still runs
      await sip.stop(); // de-registers from the provider before the database closes
      mail.stop();
      salesforce.stop();
      for (const stop of stopPurges) stop();
      services.stop();
      await server.stop(true);
      db.$client.close();
      unlock();
    },
  };
}

async function firstRun(deps: AppDeps, adminPassword: string | undefined, announce: (line: string) => void): Promise<string | null> {
  const { db, clock } = deps;
  if (hasAdmin(db)) return null;
  if (adminPassword) {
    const problem = passwordProblem(adminPassword, getSettings(db).strongPasswords);
    if (problem) throw new ConfigError(`SWITCHBOARD_ADMIN_PASSWORD: ${problem}`);
    await createAdmin(db, { username: "admin", fullName: "Administrator", email: "", password: adminPassword }, clock.now());
    announce('First run: created the admin account "admin" with the password from SWITCHBOARD_ADMIN_PASSWORD.');
    return null;
  }
  const token = issueSetupToken(db, clock.now());
  const link = `${deps.baseUrl()}/setup/${token}`;
  announce(`First run: open this one-time link to create the administrator:\n  ${link}`);
  return link;
}
