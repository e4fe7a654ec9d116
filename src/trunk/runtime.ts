import { networkInterfaces } from "node:os";
import type { Db } from "../db/index.ts";
import { getSettings } from "../settings/index.ts";
import { type Clock, Conflict, type EventBus, type Logger, type Metrics } from "../shared/index.ts";
import { type GuardConfig, metricsCounters, SipEndpoint } from "../sip/index.ts";
import { allowListMatcher, normalizeAddress } from "./addresses.ts";
import { type OutboundTarget, outboundTarget } from "./outbound-target.ts";
import { Registration, type RegistrationReport } from "./registration.ts";
import { AddressCache, type Lookup } from "./resolver.ts";
import { TRUNK_UPDATED, type TrunkEvents } from "./events.ts";
import { takeTrunkRequests } from "./sip-requests.ts";
import { storeReport } from "./status.ts";
import { getTrunk, isConfigured, type TrunkConfig } from "./trunk-config.ts";

export type SipTrunkOptions = {
  readonly db: Db;
  readonly bus: EventBus<TrunkEvents>;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Where SIP listens (UDP and TCP on the same port; 0 picks free ports). */
  readonly host: string;
  readonly port: number;
  readonly lookup?: Lookup;
  readonly backoff?: { readonly firstMs: number; readonly maxMs: number };
  /** Limits of the SIP abuse guard, e.g. new calls a second (FEATURES Q2). */
  readonly guard?: Partial<GuardConfig>;
};

/**
 * The appliance's SIP side: the endpoint, the trunk's registration and the check of where calls come from.
 * It re-reads the trunk whenever `trunk.updated` is published. Its source check is a restriction on the
 * endpoint's INVITE route; the call layer registers the INVITE handler itself (`endpoint.on`).
 */
export class SipTrunk {
  readonly #addresses: AddressCache;
  #config: TrunkConfig;
  #allowed: (address: string) => boolean;
  #registration: Registration | undefined;
  #registered = false;
  readonly #offs: (() => void)[];

  private constructor(
    readonly endpoint: SipEndpoint,
    private readonly o: SipTrunkOptions,
  ) {
    this.#addresses = new AddressCache(o.clock, o.lookup);
    this.#config = getTrunk(o.db);
    this.#allowed = allowListMatcher(this.#config.allowList);
    o.metrics.gauge("switchboard_trunk_registered", "1 while the SIP trunk is registered with the provider", () => [
      { labels: {}, value: this.#registered ? 1 : 0 },
    ]);
    this.#offs = [
      takeTrunkRequests(endpoint, (address) => this.isTrunkSource(address)),
      o.bus.subscribe(TRUNK_UPDATED, () => this.reload()),
    ];
  }

  static async start(o: SipTrunkOptions): Promise<SipTrunk> {
    const { publicAddress } = getSettings(o.db);
    const endpoint = await SipEndpoint.start({
      host: o.host,
      udpPort: o.port,
      tcpPort: o.port,
      clock: o.clock,
      log: o.log,
      counters: metricsCounters(o.metrics),
      advertisedHost: publicAddress || (o.host === "0.0.0.0" ? lanAddress() : o.host),
      guard: o.guard,
    });
    const trunk = new SipTrunk(endpoint, o);
    trunk.reload();
    return trunk;
  }

  /**
   * Whether a request from this address comes from the trunk: an allow-list address or block, or (when
   * registering) one of the addresses the provider's host resolved to.
   */
  isTrunkSource(address: string): boolean {
    const t = this.#config;
    return isConfigured(t) && t.enabled && this.fromProvider(address);
  }

  private fromProvider(address: string): boolean {
    const t = this.#config;
    if (this.#allowed(address)) return true;
    return t.authMode === "register" && this.#addresses.known(t.host).includes(normalizeAddress(address));
  }

  /** Where an agent's outside call goes (number rules, caller ID, the provider's address); Conflict when it cannot. */
  async outbound(dialled: string): Promise<OutboundTarget> {
    const t = this.#config;
    outboundTarget(t, dialled, t.host); // refuses an unusable trunk or number before any DNS lookup
    const addresses = await this.#addresses.resolve(t.host).catch(() => []);
    if (!addresses[0]) throw new Conflict(`The provider's host ${t.host} cannot be found, so the call cannot be made.`);
    return outboundTarget(t, dialled, addresses[0]);
  }

  get registered(): boolean {
    return this.#registered;
  }

  /** Re-reads the trunk: the old registration is removed and, if wanted, a new one starts. */
  reload(): void {
    this.#config = getTrunk(this.o.db);
    this.#allowed = allowListMatcher(this.#config.allowList);
    void this.#registration?.stop();
    this.#registration = undefined;
    this.#registered = false;
    this.trust();
    const t = this.#config;
    if (!isConfigured(t) || !t.enabled || t.authMode !== "register") return;
    const registration: Registration = new Registration(
      {
        host: t.host,
        port: t.port,
        transport: t.transport,
        username: t.username,
        password: t.password,
        realm: t.authRealm,
        expiresS: t.expiresS,
      },
      {
        endpoint: this.endpoint,
        clock: this.o.clock,
        log: this.o.log,
        resolve: (host) => this.#addresses.resolve(host),
        contactHost: () => getSettings(this.o.db).publicAddress,
        report: (report) => this.onReport(registration, report),
        backoff: this.o.backoff,
      },
    );
    this.#registration = registration;
    registration.start();
  }

  /** De-registers (bounded wait), then stops listening. */
  async stop(): Promise<void> {
    for (const off of this.#offs) off();
    await this.#registration?.stop();
    this.endpoint.close();
  }

  private onReport(registration: Registration, report: RegistrationReport): void {
    if (registration !== this.#registration) return;
    this.#registered = report.state === "registered";
    storeReport(this.o.db, report);
  }

  /**
   * The provider's own addresses (allow-list blocks included, and what its host name resolves to) are never
   * rate-limited or banned by the SIP guard, and their TCP connections are outside the connection cap.
   */
  private trust(): void {
    this.endpoint.guard.setTrusted(isConfigured(this.#config) ? (address) => this.fromProvider(address) : []);
  }
}

/** This box's first non-loopback IPv4 address, for Via and Contact when nothing better is known. */
function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    const found = list?.find((i) => i.family === "IPv4" && !i.internal);
    if (found) return found.address;
  }
  return "127.0.0.1";
}
