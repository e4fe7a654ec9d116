import type { AudioFrame, DtmfDigit, G711Codec, LegStats, MediaLeg, ReceiveStats, WebrtcLeg } from "../media/index.ts";

/**
 * connecting: no media yet (or renegotiating); ready: media flows both ways; away: the page is gone for now;
 * off: unregistered (signed out, or away past the grace time), the leg is closed for good.
 */
export type PhoneState = "connecting" | "ready" | "away" | "off";

const NO_STATS: LegStats = {
  received: { packets: 0, bytes: 0, lost: 0, jitterMs: 0, discarded: 0, lastPacketAt: null },
  sent: { packets: 0, bytes: 0, errors: 0 },
};

/**
 * An agent's browser phone as one stable media leg. Behind it the browser's WebRTC connection comes and
 * goes (page reloads, short drops, a second window); a call's bridge keeps this object and its audio
 * resumes as soon as a new connection is up (FEATURES C6). Frames sent while no connection is up are dropped.
 */
export class AgentPhone implements MediaLeg {
  readonly id: string;
  readonly kind = "webrtc";
  closed = false;
  state: PhoneState = "connecting";
  private current: WebrtcLeg | null = null;
  private earlier: LegStats = NO_STATS;
  private frameListener: ((frame: AudioFrame) => void) | null = null;
  private readonly stateListeners = new Set<(state: PhoneState) => void>();

  constructor(
    readonly agentId: string,
    private readonly preferred: G711Codec,
  ) {
    this.id = `phone-${agentId}`;
  }

  /** The current connection's codec; before one exists, the one the appliance answers with first. */
  get codec(): G711Codec {
    return this.current?.codec ?? this.preferred;
  }

  /** A newly answered browser connection takes over from the previous one, which is closed. */
  attach(leg: WebrtcLeg): void {
    if (this.closed) {
      leg.close();
      return;
    }
    if (this.current) this.detach(this.current);
    this.current = leg;
    leg.onFrame((frame) => this.frameListener?.(frame));
  }

  detach(leg: WebrtcLeg): void {
    if (this.current !== leg) {
      leg.close();
      return;
    }
    this.earlier = addStats(this.earlier, leg.stats());
    this.current = null;
    leg.close();
  }

  setState(state: PhoneState): void {
    if (this.state === state || this.closed) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  /** Follows state changes: a call can tell the agent their phone dropped, and end itself when it is off. */
  onStateChange(listener: (state: PhoneState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  sendFrame(frame: AudioFrame): void {
    this.current?.sendFrame(frame);
  }

  sendDtmf(digit: DtmfDigit, durationMs?: number): void {
    this.current?.sendDtmf(digit, durationMs);
  }

  onFrame(listener: ((frame: AudioFrame) => void) | null): void {
    this.frameListener = listener;
  }

  /** Browser legs carry no telephone-events; digits typed in the console reach the call through its routes. */
  onDtmf(_listener: ((digit: DtmfDigit) => void) | null): void {}

  /** Totals over every connection this phone has had. */
  stats(): LegStats {
    return this.current ? addStats(this.earlier, this.current.stats()) : this.earlier;
  }

  close(): void {
    if (this.closed) return;
    if (this.current) this.detach(this.current);
    this.setState("off");
    this.closed = true;
    this.frameListener = null;
    this.stateListeners.clear();
  }
}

function addStats(a: LegStats, b: LegStats): LegStats {
  const received: ReceiveStats = {
    packets: a.received.packets + b.received.packets,
    bytes: a.received.bytes + b.received.bytes,
    lost: a.received.lost + b.received.lost,
    jitterMs: b.received.jitterMs,
    discarded: a.received.discarded + b.received.discarded,
    lastPacketAt: b.received.lastPacketAt ?? a.received.lastPacketAt,
  };
  const sent = { packets: a.sent.packets + b.sent.packets, bytes: a.sent.bytes + b.sent.bytes, errors: a.sent.errors + b.sent.errors };
  return { received, sent };
}
