import {
  type AudioClip,
  answerOffer,
  Bridge,
  ClipPlayer,
  createOffer,
  type DtmfDigit,
  type FrameSource,
  type G711Codec,
  type LegStats,
  type LocalAudio,
  type MediaScheduler,
  type RecorderTap,
  play,
  readAnswer,
  type RtpLeg,
  type Ticker,
} from "../media/index.ts";
import { type Clock, Conflict } from "../shared/index.ts";
import { type CallState, nextCallState } from "./call-state.ts";
import type { AgentPhoneLeg } from "./call-view.ts";
import type { Dialog } from "./dialog.ts";
import { MediaWatchdog } from "./media-watchdog.ts";

/** The caller's digits the agent's panel shows: enough for an account number or a menu path. */
const MAX_DIGITS = 32;

/** What a call needs from the service that owns it. */
export type CallEnv = {
  readonly clock: Clock;
  readonly scheduler: MediaScheduler;
  readonly address: string;
  readonly codecs: readonly G711Codec[];
  readonly mediaTimeoutMs?: number;
  /** The caller's media went quiet past the timeout. */
  silent(call: Call): void;
  /** The answering agent's phone was unregistered (signed out, or away past its grace time). */
  phoneLost(call: Call): void;
};

/**
 * One trunk call, inbound or dialled by an agent: the far end's RTP leg and dialog, hold music while queued
 * or held, the ringing tone while a dialled number rings, and the bridge to the agent's phone (side "a" is
 * the far end, side "b" the agent). Media and state only: SIP signalling and routing belong to the CallService.
 */
export class Call {
  state: CallState = "queued";
  muted = false;
  interactionId = "";
  agentId: string | null = null;
  /** A call we dialled: the far end has said it rings (180/183). */
  ringing = false;
  /** After a transfer out, the other trunk call this one is joined to: each ends when the other does. */
  partner: Call | null = null;
  #bridge: Bridge | null = null;
  #music: Ticker | null = null;
  #localSeq = 1;
  #sdpVersion = 1;
  #farHold = false;
  #offered: LocalAudio | null = null;
  #unwatchPhone: (() => void) | null = null;
  readonly #watchdog: MediaWatchdog;
  readonly #digits: DtmfDigit[] = [];
  #onDigit: ((digit: DtmfDigit) => void) | null = null;

  constructor(
    /** For a call we dial, provisional until the far end answers with its tag and Contact. */
    public dialog: Dialog,
    readonly leg: RtpLeg,
    /** What the caller hears on hold. */
    private holdMusic: FrameSource,
    private readonly env: CallEnv,
    /** What the caller hears while queued (music with announcements); the hold music when not given. */
    private waiting: FrameSource = holdMusic,
  ) {
    this.#watchdog = new MediaWatchdog(
      env.clock,
      () => leg.stats().received.packets,
      () => env.silent(this),
      () => !this.#farHold,
      env.mediaTimeoutMs,
    );
    this.watchDigits();
  }

  /** Answers the INVITE's offer (or a re-INVITE's: hold from their side, a new address): our SDP, with the leg set to what was agreed; null when nothing fits. */
  answer(offer: string): string | null {
    const answered = answerOffer(offer, {
      address: this.env.address,
      port: this.leg.port,
      codecs: this.env.codecs,
      sessionId: String(this.leg.port),
      version: this.#sdpVersion++,
    });
    if (!answered.ok) return null;
    const { audio } = answered.value;
    this.leg.apply({ ...audio });
    this.#farHold = audio.held;
    return answered.value.sdp;
  }

  /** Our SDP offer, for a call we dial (RFC 3264 §5). */
  offer(): string {
    this.#offered = {
      address: this.env.address,
      port: this.leg.port,
      codecs: this.env.codecs,
      sessionId: String(this.leg.port),
      version: this.#sdpVersion++,
    };
    return createOffer(this.#offered);
  }

  /** The far end's answer to our offer (in a 183 or the 200); false when it accepts nothing we offered. */
  takeAnswer(sdp: string): boolean {
    const read = this.#offered ? readAnswer(sdp, this.#offered) : null;
    if (!read?.ok) return false;
    this.leg.apply({ ...read.value });
    this.#farHold = read.value.held;
    return true;
  }

  /** We call out: the far end is invited and has not answered yet. */
  dialOut(): void {
    this.state = "dialing";
  }

  /** An agent dials out (FEATURES V3): their phone hears the ringing tone until the far end answers or plays its own. */
  dial(agentId: string, phone: AgentPhoneLeg, ringback: FrameSource): void {
    this.dialOut();
    this.agentId = agentId;
    this.watchPhone(phone);
    this.#bridge = new Bridge(this.leg, phone, { scheduler: this.env.scheduler });
    this.watchDigits();
    this.#bridge.hold("b", ringback);
  }

  /** The dialled number rings (180), or its network plays tones and announcements itself (183 with media). */
  alerting(earlyMedia: boolean): void {
    this.ringing = true;
    if (earlyMedia) this.#bridge?.resume("b");
  }

  /** The dialled number answered: the dialog is confirmed and the agent and the far end talk. */
  answered(dialog: Dialog): void {
    this.state = nextCallState(this.state, "answer");
    this.dialog = dialog;
    this.#bridge?.resume("b");
    this.#watchdog.start();
  }

  /** Queued: the caller hears the waiting music (and announcements) until an agent answers. */
  queue(): void {
    this.startMusic();
    this.#watchdog.start();
  }

  /** An agent answered (or took the call over by a transfer): their phone is bridged to the caller. */
  connect(agentId: string, phone: AgentPhoneLeg | null): void {
    this.state = nextCallState(this.state, "answer");
    this.agentId = agentId;
    this.muted = false;
    this.#bridge?.close();
    this.#bridge = null;
    this.watchPhone(phone);
    // Without a phone the caller keeps hearing music; the agent's panel says why.
    if (!phone) {
      this.startMusic();
      this.watchDigits();
      return;
    }
    this.stopMusic();
    this.#bridge = new Bridge(this.leg, phone, { scheduler: this.env.scheduler });
    this.watchDigits();
  }

  /**
   * Transferred out to an outside number (FEATURES V4): the agent's phone lets go and this call's far end
   * talks to `other`'s far end through the appliance.
   */
  joinWith(other: Call): void {
    this.state = nextCallState(this.state, "answer");
    this.agentId = null;
    this.muted = false;
    this.#unwatchPhone?.();
    this.#unwatchPhone = null;
    this.stopMusic();
    this.#bridge?.close();
    this.#bridge = new Bridge(this.leg, other.leg, { scheduler: this.env.scheduler });
    this.watchDigits();
    this.partner = other;
    other.partner = this;
  }

  /** Transferred to a department: the agent's phone lets go and the caller hears music until the next answer. */
  requeue(): void {
    this.state = nextCallState(this.state, "requeue");
    this.agentId = null;
    this.muted = false;
    this.#unwatchPhone?.();
    this.#unwatchPhone = null;
    this.#bridge?.close();
    this.#bridge = null;
    this.startMusic();
    this.watchDigits();
  }

  /** The caller now waits in another department: its sounds from now on, at once if the music is playing. */
  retune(waiting: FrameSource, hold: FrameSource): void {
    this.waiting = waiting;
    this.holdMusic = hold;
    if (this.#music && !this.#music.stopped && this.state !== "ended") {
      this.stopMusic();
      this.startMusic();
    }
  }

  get bridged(): boolean {
    return this.#bridge !== null;
  }

  /** The caller hears music; what they say no longer reaches the agent. */
  hold(): void {
    this.state = nextCallState(this.state, "hold");
    this.#bridge?.hold("a", this.holdMusic);
  }

  resume(): void {
    this.state = nextCallState(this.state, "resume");
    this.#bridge?.resume("a");
  }

  /** The caller hears silence instead of the agent (frames keep flowing for the provider's jitter buffer). */
  setMuted(muted: boolean): void {
    if (this.state !== "connected" && this.state !== "held") throw new Conflict("Only a connected call can be muted.");
    this.muted = muted;
    this.#bridge?.mute("b", muted ? "silence" : null);
  }

  /** A keypad digit to the caller as an RFC 4733 event; false when the caller offered none (send it as SIP INFO). */
  sendDigit(digit: DtmfDigit): boolean {
    if (this.leg.media.dtmfPayloadType === null) return false;
    this.leg.sendDtmf(digit);
    return true;
  }

  /** The last digits the caller pressed (RFC 4733 or SIP INFO), oldest first. */
  get digits(): readonly DtmfDigit[] {
    return this.#digits;
  }

  /** A digit from the caller: kept for the agent's panel and reported to the one listener. */
  digitFromCaller(digit: DtmfDigit): void {
    if (this.state === "ended") return;
    this.#digits.push(digit);
    if (this.#digits.length > MAX_DIGITS) this.#digits.shift();
    this.#onDigit?.(digit);
  }

  onDigit(listener: ((digit: DtmfDigit) => void) | null): void {
    this.#onDigit = listener;
  }

  /** The CSeq number of our next request in the dialog. */
  nextSeq(): number {
    return ++this.#localSeq;
  }

  /**
   * A last announcement before the call is let go (overflow, closed hours): music and any bridge stop, the
   * clip plays once, then `done` runs, unless the call ends first.
   */
  farewell(clip: AudioClip, done: () => void): void {
    if (this.state === "ended") return;
    this.#watchdog.stop();
    this.#unwatchPhone?.();
    this.#unwatchPhone = null;
    this.#bridge?.close();
    this.#bridge = null;
    this.stopMusic();
    this.#music = play(new ClipPlayer(clip, false), this.leg, this.env.scheduler, { ended: done });
  }

  /** Frees the media for good; idempotent. */
  end(): void {
    if (this.state === "ended") return;
    this.state = "ended";
    this.#watchdog.stop();
    this.#unwatchPhone?.();
    this.stopMusic();
    this.#bridge?.close();
    this.#bridge = null;
    this.leg.close();
  }

  /** Hears what each side says after mute and hold (a recorder; tests count the audio with it). */
  listen(tap: RecorderTap | null): void {
    this.#bridge?.setRecorder(tap);
  }

  stats(): LegStats {
    return this.leg.stats();
  }

  private watchPhone(phone: AgentPhoneLeg | null): void {
    this.#unwatchPhone?.();
    this.#unwatchPhone =
      phone?.onStateChange?.((state) => {
        if (state === "off") this.env.phoneLost(this);
      }) ?? null;
  }

  /** The leg has one DTMF listener, which a bridge takes over while it lasts: the caller's digits come through it then. */
  private watchDigits(): void {
    const take = (digit: DtmfDigit) => this.digitFromCaller(digit);
    if (this.#bridge) this.#bridge.onDtmf((side, digit) => side === "a" && take(digit));
    else this.leg.onDtmf(take);
  }

  private startMusic(): void {
    if (!this.#music || this.#music.stopped) this.#music = play(this.waiting, this.leg, this.env.scheduler);
  }

  private stopMusic(): void {
    this.#music?.stop();
    this.#music = null;
  }
}
