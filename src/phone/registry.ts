import type { AuthEvents } from "../auth/index.ts";
import type { G711Codec, WebrtcNetwork } from "../media/index.ts";
import type { Clock, EventBus, Logger, TimerHandle } from "../shared/index.ts";
import { AgentPhone, type PhoneState } from "./agent-phone.ts";
import { PHONE_STATE_CHANGED, type PhoneEvents } from "./events.ts";
import { CLOSE, PhoneSession, type SignalChannel } from "./session.ts";
import type { Config } from "../config.ts";

/** How long an agent's phone stays registered after its page went away (a reload, a short drop). */
export const PHONE_GRACE_MS = 60_000;

type Entry = { phone: AgentPhone; session: PhoneSession | null; grace: TimerHandle | null };

/**
 * The registered browser phones, one per agent (FEATURES V1): registered as soon as the console's island
 * connects, no SIP login. A new connection of the same agent replaces the old one; a phone whose page
 * is gone stays registered for PHONE_GRACE_MS so that a reload keeps it (C6).
 */
export class PhoneRegistry {
  private readonly phones = new Map<string, Entry>();
  /** The phone opened by each web session (the id of its cookie token), closed when that session ends. */
  private readonly bySession = new Map<string, PhoneSession>();

  constructor(
    private readonly clock: Clock,
    private readonly net: WebrtcNetwork,
    private readonly log: Logger,
    private readonly stateChanged: (agentId: string, state: PhoneState) => void = () => {},
  ) {}

  /** A signalling connection opened for this agent, from the page of this web session. */
  connect(agentId: string, channel: SignalChannel, webSession?: string): PhoneSession {
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
    if (webSession) this.bySession.set(webSession, entry.session);
    return entry.session;
  }

  /** The connection closed; ignored when a newer one has already replaced it. */
  disconnected(session: PhoneSession, webSession?: string): void {
    if (webSession && this.bySession.get(webSession) === session) this.bySession.delete(webSession);
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

  /** These web sessions ended (sign-out, disable, password change…): the phones they opened close with them. */
  sessionsEnded(ended: readonly { id: string }[]): void {
    for (const { id } of ended) {
      const session = this.bySession.get(id);
      this.bySession.delete(id);
      if (session) this.signedOut(session);
    }
  }

  /** The agent's phone as a media leg, or null when the agent has no phone registered. */
  get(agentId: string): AgentPhone | null {
    return this.phones.get(agentId)?.phone ?? null;
  }

  /** Ends every phone (the appliance stops). */
  closeAll(): void {
    this.bySession.clear();
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

/** The appliance's phone registry: every change of a phone's state is published on the bus. */
export function createPhoneRegistry(deps: { config: Config; bus: EventBus<PhoneEvents>; clock: Clock; log: Logger }): PhoneRegistry {
  const { bus, clock, config } = deps;
  const published = (agentId: string, state: PhoneState) => bus.publish(PHONE_STATE_CHANGED, { agentId, state, at: clock.now() });
  return new PhoneRegistry(clock, mediaNetwork(config.httpHost, config.mediaAddress), deps.log.child({ module: "phone" }), published);
}

/** A user who signs out loses their phone at once. Returns the detach. */
export function unregisterOnSignOut(bus: EventBus<AuthEvents>, phones: PhoneRegistry): () => void {
  return bus.subscribe("user.signed_out", (p) => phones.unregister(p.userId));
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
