import { answerWebrtcOffer, type CandidateInit, type WebrtcLeg, type WebrtcLegState, type WebrtcNetwork } from "../media/index.ts";
import type { Clock, Logger } from "../shared/index.ts";
import type { AgentPhone } from "./agent-phone.ts";
import { BadSignal, type BrowserSignal, MAX_SIGNAL_BYTES, parseSignal, type ServerSignal } from "./signals.ts";

/** The signalling WebSocket as the session sees it. */
export type SignalChannel = { send(signal: ServerSignal): void; close(code: number, reason: string): void };

/** WebSocket close codes (RFC 6455 §7.4.1; 4000+ are ours). */
export const CLOSE = { unsupported: 1003, policy: 1008, tooBig: 1009, replaced: 4000, signedOut: 4001 } as const;

/** More offers than this in a minute is a loop in the page, not renegotiation. */
const MAX_OFFERS_PER_MINUTE = 6;

/**
 * One signalling connection of an agent's phone island: answers its offers with a werift leg, trickles
 * candidates both ways and tells the page when media is up. Messages are handled one at a time, in order.
 */
export class PhoneSession {
  private leg: WebrtcLeg | null = null;
  private queue: Promise<void> = Promise.resolve();
  private offers: number[] = [];
  private ended = false;

  constructor(
    readonly phone: AgentPhone,
    private readonly channel: SignalChannel,
    private readonly net: WebrtcNetwork,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** One raw WebSocket message; anything malformed closes the connection with the reason. */
  receive(data: unknown): void {
    if (this.ended) return;
    if (typeof data !== "string") {
      this.close(CLOSE.unsupported, "Messages must be JSON text");
      return;
    }
    let signal: BrowserSignal;
    try {
      signal = parseSignal(data);
    } catch (err) {
      if (!(err instanceof BadSignal)) throw err;
      this.close(data.length > MAX_SIGNAL_BYTES ? CLOSE.tooBig : CLOSE.policy, err.message);
      return;
    }
    this.queue = this.queue.then(() => this.handle(signal)).catch((err) => this.log.warn("phone signal failed", { err }));
  }

  /** A newer connection of the same agent took over (a reload, another window). */
  replace(): void {
    this.channel.send({ type: "hangup", reason: "replaced" });
    this.channel.close(CLOSE.replaced, "The phone was opened in another window");
    this.end();
  }

  /** The WebSocket is gone: its media connection goes with it (the page makes a new one when it is back). */
  end(): void {
    this.ended = true;
    this.dropLeg();
  }

  /** Closes the WebSocket with a reason the page shows (and ends the session). */
  close(code: number, reason: string): void {
    if (this.ended) return;
    this.channel.close(code, reason);
    this.end();
  }

  private async handle(signal: BrowserSignal): Promise<void> {
    if (this.ended) return;
    if (signal.type === "offer") return this.answer(signal.sdp);
    if (signal.type === "candidate") return this.leg?.addRemoteCandidate(signal.candidate).catch(() => {});
    this.dropLeg();
  }

  private async answer(offer: string): Promise<void> {
    const now = this.clock.now();
    this.offers = [...this.offers.filter((at) => now - at < 60_000), now];
    if (this.offers.length > MAX_OFFERS_PER_MINUTE) return this.close(CLOSE.policy, "Too many offers");
    this.dropLeg();
    const early: CandidateInit[] = [];
    let made: WebrtcLeg | null = null;
    const onLocalCandidate = (candidate: CandidateInit) =>
      made ? this.channel.send({ type: "candidate", candidate }) : early.push(candidate);
    const onState = (state: WebrtcLegState) => made && this.legState(made, state);
    try {
      const { leg, sdp } = await answerWebrtcOffer(offer, { ...this.net, onLocalCandidate, onState });
      if (this.ended) return leg.close();
      made = this.leg = leg;
      this.phone.attach(leg);
      this.channel.send({ type: "answer", sdp });
      for (const candidate of early) this.channel.send({ type: "candidate", candidate });
    } catch (err) {
      this.channel.send({ type: "hangup", reason: `The offer could not be answered: ${err instanceof Error ? err.message : "error"}` });
    }
  }

  private legState(leg: WebrtcLeg, state: WebrtcLegState): void {
    if (leg !== this.leg || this.ended) return;
    if (state === "connected") {
      this.phone.setState("ready");
      this.channel.send({ type: "ready", codec: leg.codec });
    } else if (state === "failed" || state === "closed") {
      this.dropLeg();
      this.channel.send({ type: "hangup", reason: "The media connection was lost" });
    }
  }

  private dropLeg(): void {
    if (!this.leg) return;
    this.phone.detach(this.leg);
    this.leg = null;
    this.phone.setState("connecting");
  }
}
