import {
  type AudioClip,
  Bridge,
  ClipPlayer,
  type DtmfDigit,
  type FrameSource,
  type MediaLeg,
  type MediaScheduler,
  play,
  type RecorderTap,
  type RtpLeg,
  type Ticker,
} from "../media/index.ts";
import type { Clock } from "../shared/index.ts";
import type { AgentPhoneLeg } from "./call-view.ts";
import { MediaWatchdog } from "./media-watchdog.ts";

/** The caller's digits the agent's panel shows: enough for an account number or a menu path. */
const MAX_DIGITS = 32;

/**
 * Who a leg of the call belongs to: the call's own far end on the trunk (always the first party), an agent's
 * browser phone, or the far end of another trunk call joined to this one by a transfer out.
 */
export type PartyRole = "far-end" | "agent" | "joined";

export type Party = {
  readonly role: PartyRole;
  readonly leg: MediaLeg;
  /** Stops following the agent's phone state; null for a leg that is not a phone. */
  readonly unwatch: (() => void) | null;
};

/** What the far end hears while the call waits: the queue's music (with its announcements), and the hold music. */
export type WaitingSounds = { readonly waiting: FrameSource; readonly hold: FrameSource };

export type CallAudioOptions = {
  readonly clock: Clock;
  readonly scheduler: MediaScheduler;
  readonly mediaTimeoutMs?: number;
};

/** What others may do with a call's audio without changing the call's state: see who is in it, and its digits. */
export type CallAudioView = Pick<CallAudio, "parties" | "bridged" | "digits" | "sendDigit" | "digitFromFarEnd">;

/** Why the call's media says the call is over. */
export type MediaLoss = "media-timeout" | "agent-phone-lost";

/**
 * The media of one trunk call, as a list of parties: the far end first, then whoever talks with it. Two
 * parties are joined by a bridge; alone, the far end hears the waiting music. Also the far end's hold music,
 * the media watchdog, the digits the far end pressed, and the tap that hears the call. Music, hold and tones
 * are given per party, so a third party (a conference, a supervisor's tap) joins the same list.
 */
export class CallAudio {
  readonly #parties: Party[];
  #sounds: WaitingSounds;
  #bridge: Bridge | null = null;
  #music: Ticker | null = null;
  #farEndHolds = false;
  #closed = false;
  readonly #watchdog: MediaWatchdog;
  readonly #digits: DtmfDigit[] = [];

  constructor(
    readonly farEnd: RtpLeg,
    sounds: WaitingSounds,
    private readonly o: CallAudioOptions,
    private readonly lost: (why: MediaLoss) => void,
    /** A digit the far end pressed (RFC 4733 or SIP INFO). */
    private readonly pressed: (digit: DtmfDigit) => void,
  ) {
    this.#parties = [{ role: "far-end", leg: farEnd, unwatch: null }];
    this.#sounds = sounds;
    this.#watchdog = new MediaWatchdog(
      o.clock,
      () => farEnd.stats().received.packets,
      () => lost("media-timeout"),
      () => !this.#farEndHolds,
      o.mediaTimeoutMs,
    );
    this.routeDigits();
  }

  get parties(): readonly Party[] {
    return this.#parties;
  }

  /** The far end talks with another party (not music for want of one). */
  get bridged(): boolean {
    return this.#bridge !== null;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The last digits the far end pressed, oldest first. */
  get digits(): readonly DtmfDigit[] {
    return this.#digits;
  }

  /** The far end may rightly send nothing while it holds the call (SDP `inactive`/`sendonly`). */
  farEndHolds(held: boolean): void {
    this.#farEndHolds = held;
  }

  /** From now on the far end's silence past the timeout ends the call. */
  watchMedia(): void {
    this.#watchdog.start();
  }

  /**
   * The far end talks with `party` alone from now on (an answering agent, a joined call); every other party
   * lets go. With nobody (null), the far end hears the waiting music.
   */
  connect(party: { role: PartyRole; leg: MediaLeg; phone?: AgentPhoneLeg } | null): void {
    this.letGoOfOthers();
    if (!party) this.startMusic();
    else {
      const unwatch = party.phone?.onStateChange?.((state) => state === "off" && this.lost("agent-phone-lost")) ?? null;
      this.#parties.push({ role: party.role, leg: party.leg, unwatch });
      this.stopMusic();
      this.#bridge = new Bridge(this.farEnd, party.leg, { scheduler: this.o.scheduler });
    }
    this.routeDigits();
  }

  /** The far end waits alone: the waiting music until someone connects. */
  waitAlone(): void {
    this.startMusic();
  }

  /** `role` hears `source` (the hold music by default) and what it says no longer reaches the others. */
  hold(role: PartyRole, source: FrameSource = this.#sounds.hold): void {
    const side = this.sideOf(role);
    if (side) this.#bridge?.hold(side, source);
  }

  resume(role: PartyRole): void {
    const side = this.sideOf(role);
    if (side) this.#bridge?.resume(side);
  }

  /** The others hear silence instead of `role` (frames keep flowing for the far end's jitter buffer). */
  mute(role: PartyRole, muted: boolean): void {
    const side = this.sideOf(role);
    if (side) this.#bridge?.mute(side, muted ? "silence" : null);
  }

  /** The call now waits in another department: its sounds from now on, at once if the music is playing. */
  retune(sounds: WaitingSounds): void {
    this.#sounds = sounds;
    if (this.#music && !this.#music.stopped && !this.#closed) {
      this.stopMusic();
      this.startMusic();
    }
  }

  /** A keypad digit to the far end as an RFC 4733 event; false when it offered none (send it as SIP INFO). */
  sendDigit(digit: DtmfDigit): boolean {
    if (this.farEnd.media.dtmfPayloadType === null) return false;
    this.farEnd.sendDtmf(digit);
    return true;
  }

  /** A digit from the far end: kept for the agent's panel, and told. */
  digitFromFarEnd(digit: DtmfDigit): void {
    if (this.#closed) return;
    this.#digits.push(digit);
    if (this.#digits.length > MAX_DIGITS) this.#digits.shift();
    this.pressed(digit);
  }

  /** Hears what each side says after mute and hold (a recorder; tests count the audio with it). */
  listen(tap: RecorderTap | null): void {
    this.#bridge?.setRecorder(tap);
  }

  /** Everyone else lets go and the far end hears `clip` once, then `done` runs (unless the call ends first). */
  farewell(clip: AudioClip, done: () => void): void {
    this.#watchdog.stop();
    this.letGoOfOthers();
    this.stopMusic();
    this.#music = play(new ClipPlayer(clip, false), this.farEnd, this.o.scheduler, { ended: done });
  }

  /** Frees the media for good, the far end's leg included. */
  close(): void {
    this.#closed = true;
    this.#watchdog.stop();
    this.letGoOfOthers();
    this.stopMusic();
    this.farEnd.close();
  }

  /** The bridge's side of a party: the far end is side "a", the one it talks with side "b". */
  private sideOf(role: PartyRole): "a" | "b" | null {
    const index = this.#parties.findIndex((p) => p.role === role);
    return index === 0 ? "a" : index === 1 ? "b" : null;
  }

  private letGoOfOthers(): void {
    for (const party of this.#parties.splice(1)) party.unwatch?.();
    this.#bridge?.close();
    this.#bridge = null;
  }

  /** The leg has one DTMF listener, which a bridge takes over while it lasts: the far end's digits come through it then. */
  private routeDigits(): void {
    const take = (digit: DtmfDigit) => this.digitFromFarEnd(digit);
    if (this.#bridge) this.#bridge.onDtmf((side, digit) => side === "a" && take(digit));
    else this.farEnd.onDtmf(take);
  }

  private startMusic(): void {
    if (!this.#music || this.#music.stopped) this.#music = play(this.#sounds.waiting, this.farEnd, this.o.scheduler);
  }

  private stopMusic(): void {
    this.#music?.stop();
    this.#music = null;
  }
}
