import type { AppDeps } from "../deps.ts";
import type { G711Codec, WebrtcNetwork } from "../media/index.ts";
import type { Clock, Logger, TimerHandle } from "../shared/index.ts";
import { AgentPhone, type PhoneState } from "./agent-phone.ts";
import { CLOSE, PhoneSession, type SignalChannel } from "./session.ts";

/** How long an agent's phone stays registered after its page went away (a reload, a short drop). */
export const PHONE_GRACE_MS = 60_000;

/** Published on the bus with `{ agentId, state, at }` whenever an agent's phone changes state. */
export const PHONE_STATE_CHANGED = "phone.state_changed";

type Entry = { phone: AgentPhone; session: PhoneSession | null; grace: TimerHandle | null };

/**
 * The registered browser phones, one per agent (FEATURES V1): registered as soon as the console's island
 * connects, no SIP login. A new connection of the same agent replaces the old one; a phone whose page
 * is gone stays registered for PHONE_GRACE_MS so that a reload keeps it (C6).
 */
export class PhoneRegistry {
  private readonly phones = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly net: WebrtcNetwork,
    private readonly log: Logger,
    private readonly stateChanged: (agentId: string, state: PhoneState) => void = () => {},
  ) {}

  /** A signalling connection opened for this agent. */
  connect(agentId: string, channel: SignalChannel): PhoneSession {
    let entry = this.phones.get(agentId);
    if (!entry) {
      entry = { phone: new AgentPhone(agentId, this.preferredCodec()), session: null, grace: null };
      this.phones.set(agentId, entry);
      entry.phone.onStateChange((state) => this.stateChanged(agentId, state));
    }
    if (entry.grace) this.clock.clearTimeout(entry.grace);
    entry.grace = null;
    entry.session?.replace();
    entry.session = new PhoneSession(entry.phone, channel, this.net, this.clock, this.log.child({ agentId }));
    entry.phone.setState("connecting");
    return entry.session;
  }

  /** The connection closed; ignored when a newer one has already replaced it. */
  disconnected(session: PhoneSession): void {
    session.end();
    const entry = this.phones.get(session.phone.agentId);
    if (!entry || entry.session !== session) return;
    entry.session = null;
    entry.phone.setState("away");
    entry.grace = this.clock.setTimeout(() => this.unregister(session.phone.agentId), PHONE_GRACE_MS);
  }

  /** The web session behind this connection ended: its phone stops now, with no grace for a reload. */
  signedOut(session: PhoneSession): void {
    const entry = this.phones.get(session.phone.agentId);
    if (entry?.session === session) this.unregister(session.phone.agentId);
    else session.close(CLOSE.signedOut, "Signed out");
  }

  /** The agent's phone as a media leg, or null when the agent has no phone registered. */
  get(agentId: string): AgentPhone | null {
    return this.phones.get(agentId)?.phone ?? null;
  }

  /** Ends every phone (the appliance stops). */
  closeAll(): void {
    for (const agentId of [...this.phones.keys()]) this.unregister(agentId);
  }

  /** Ends the agent's phone now: its page is told and does not reconnect (signing out). */
  unregister(agentId: string): void {
    const entry = this.phones.get(agentId);
    if (!entry) return;
    if (entry.grace) this.clock.clearTimeout(entry.grace);
    entry.session?.close(CLOSE.signedOut, "Signed out");
    entry.phone.close();
    this.phones.delete(agentId);
  }

  private preferredCodec(): G711Codec {
    return this.net.codecs?.[0] ?? "PCMU";
  }
}

const registries = new WeakMap<AppDeps, PhoneRegistry>();

/** The phone registry of one running appliance (made on first use). */
export function phoneRegistry(deps: AppDeps): PhoneRegistry {
  let registry = registries.get(deps);
  if (!registry) {
    const { bus, clock } = deps;
    const published = (agentId: string, state: PhoneState) => bus.publish(PHONE_STATE_CHANGED, { agentId, state, at: clock.now() });
    registry = new PhoneRegistry(
      clock,
      mediaNetwork(deps.config.httpHost, deps.config.mediaAddress),
      deps.log.child({ module: "phone" }),
      published,
    );
    registries.set(deps, registry);
    const phones = registry;
    bus.subscribe("user.signed_out", (p) => {
      if (typeof p.userId === "string") phones.unregister(p.userId);
    });
  }
  return registry;
}

/**
 * Media is offered on the address the web server is bound to: an appliance that serves only loopback
 * (or one LAN address) offers its media there too; one bound to every interface offers every interface.
 * A configured media address (the public side of a NAT) is offered as well.
 */
export function mediaNetwork(httpHost: string, mediaAddress = ""): WebrtcNetwork {
  const bound = /^\d{1,3}(\.\d{1,3}){3}$/.test(httpHost) && httpHost !== "0.0.0.0" ? { hostAddress: httpHost } : {};
  return mediaAddress ? { ...bound, publicAddress: mediaAddress } : bound;
}
