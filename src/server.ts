import { websocket } from "hono/bun";
import { join } from "node:path";
import { createApp } from "./app.ts";
import { applianceCore, buildAppliance, startSip } from "./appliance.ts";
import { createAdmin, hasAdmin, issueSetupToken, passwordProblem } from "./auth/index.ts";
import type { CallService } from "./calls/index.ts";
import { baseUrl, type Config, ConfigError, lanAddress } from "./config.ts";
import { lockDataDir, openCheckedDb } from "./db/index.ts";
import type { AppDeps } from "./deps.ts";
import { loadOrCreateTls } from "./ops/index.ts";
import { getSettings } from "./settings/index.ts";
import type { AppEvents } from "./events.ts";
import type { Clock, EventBus, Logger } from "./shared/index.ts";
import type { SipTrunk } from "./trunk/index.ts";

export type RunningAppliance = {
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
  bus?: EventBus<AppEvents>;
  adminPassword?: string;
  /** Where to print the human-readable banner (first-run link, fingerprint). */
  announce?: (line: string) => void;
};

/** Opens and migrates the database, builds and starts the appliance (appliance.ts), handles first run and serves the web. */
export async function startAppliance(config: Config, opts: BootOptions = {}): Promise<RunningAppliance> {
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
  const core = applianceCore(config, db, opts);
  const { log } = core;
  if (checked === "key tables")
    log.warn("large database: only its key tables were checked at start; `switchboard doctor` checks every page");
  if (applied.length) log.info("migrations applied", { applied });

  let port = config.httpPort;
  const lan = lanAddress();
  const sip = await startSip(core);
  const appliance = buildAppliance(core, { sip, baseUrl: () => baseUrl(config, port, lan) });
  const { deps } = appliance;
  appliance.start();

  const tls = config.tls === "off" ? null : await loadOrCreateTls(config.dataDir, config.tlsCert, config.tlsKey);
  if (tls?.generated) log.info("self-signed certificate created", { fingerprint: tls.fingerprint });
  const server = Bun.serve({
    hostname: config.httpHost,
    port: config.httpPort,
    fetch: createApp(deps).fetch,
    websocket,
    tls: tls ? { cert: tls.cert, key: tls.key } : undefined,
    idleTimeout: 120,
  });
  port = server.port ?? config.httpPort;
  appliance.adopt({ name: "web server", stop: () => server.stop(true) });

  const setupLink = await firstRun(deps, opts.adminPassword, announce);
  if (tls) announce(`HTTPS certificate SHA-256 fingerprint: ${tls.fingerprint}`);
  log.info("serving", { url: deps.baseUrl(), tls: Boolean(tls) });

  return {
    deps,
    url: deps.baseUrl(),
    setupLink,
    sip: sip.trunk,
    calls: deps.calls as CallService,
    async stop() {
      await appliance.stop();
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
