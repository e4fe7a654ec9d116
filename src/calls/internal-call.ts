import { Bridge, type FrameSource, type MediaScheduler, play, type Side, type Ticker } from "../media/index.ts";
import { Conflict } from "../shared/index.ts";
import { type CallState, nextCallState } from "./call-state.ts";
import type { AgentPhoneLeg } from "./call-view.ts";

/** One agent's end of an internal call: side "a" dialled, side "b" was called. */
export type Party = { readonly agentId: string; interactionId: string; phone: AgentPhoneLeg | null; muted: boolean };
type Parties = Readonly<Record<Side, Readonly<Party>>>;

/**
 * A call between two agents' browser phones (FEATURES V3): the caller hears the ringing tone until the
 * colleague answers, then the two phones are bridged. Hold plays music to the other agent; each agent mutes
 * only themselves. Media and state only; the InternalCalls service does the routing.
 */
export class InternalCall {
  #state: CallState = "dialing";
  readonly #parties: Record<Side, Party>;
  #bridge: Bridge | null = null;
  #ringing: Ticker | null = null;
  #heldBy: Side | null = null;
  readonly #unwatch: (() => void)[] = [];

  constructor(
    a: Party,
    b: Party,
    private readonly music: FrameSource,
    private readonly scheduler: MediaScheduler,
    ringback: FrameSource,
    private readonly phoneLost: (call: InternalCall) => void,
  ) {
    this.#parties = { a, b };
    if (a.phone) this.#ringing = play(ringback, a.phone, scheduler);
    this.watch(a.phone);
  }

  get state(): CallState {
    return this.#state;
  }

  get parties(): Parties {
    return this.#parties;
  }

  /** The colleague's console is offered the call as this interaction (once). */
  offeredAs(interactionId: string): void {
    if (this.#parties.b.interactionId) throw new Conflict("This call is already offered.");
    this.#parties.b.interactionId = interactionId;
  }

  sideOf(interactionId: string): Side | null {
    if (this.#parties.a.interactionId === interactionId) return "a";
    return this.#parties.b.interactionId === interactionId ? "b" : null;
  }

  /** The colleague answered on this phone: the two agents talk. */
  answered(phone: AgentPhoneLeg | null): void {
    this.#state = nextCallState(this.#state, "answer");
    this.#ringing?.stop();
    this.#ringing = null;
    this.#parties.b.phone = phone;
    this.watch(phone);
    const { a, b } = this.#parties;
    if (a.phone && b.phone) this.#bridge = new Bridge(a.phone, b.phone, { scheduler: this.scheduler });
  }

  get bridged(): boolean {
    return this.#bridge !== null;
  }

  /** `side` puts the call on hold: the other agent hears music and nothing of what `side` says. */
  hold(side: Side): void {
    this.#state = nextCallState(this.#state, "hold");
    this.#heldBy = side;
    this.#bridge?.hold(other(side), this.music);
  }

  /** Either agent may take the call off hold. */
  resume(): void {
    this.#state = nextCallState(this.#state, "resume");
    if (this.#heldBy) this.#bridge?.resume(other(this.#heldBy));
    this.#heldBy = null;
  }

  setMuted(side: Side, muted: boolean): void {
    if (this.#state !== "connected" && this.#state !== "held") throw new Conflict("Only a connected call can be muted.");
    this.#parties[side].muted = muted;
    this.#bridge?.mute(side, muted ? "silence" : null);
  }

  /** Frees the media; the phones stay registered. Idempotent. */
  end(): void {
    if (this.#state === "ended") return;
    this.#state = nextCallState(this.#state, "hang_up");
    this.#ringing?.stop();
    this.#bridge?.close();
    this.#bridge = null;
    for (const off of this.#unwatch.splice(0)) off();
  }

  private watch(phone: AgentPhoneLeg | null): void {
    const off = phone?.onStateChange?.((state) => {
      if (state === "off") this.phoneLost(this);
    });
    if (off) this.#unwatch.push(off);
  }
}

const other = (side: Side): Side => (side === "a" ? "b" : "a");
