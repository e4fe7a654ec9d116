import type { AudioClip, FrameSource, LegStats, MediaScheduler, RecorderTap, RtpLeg } from "../media/index.ts";
import { type Clock, Conflict } from "../shared/index.ts";
import { CallAudio, type CallAudioView, type MediaLoss, type WaitingSounds } from "./call-audio.ts";
import { type CallEvent, type CallState, nextCallState } from "./call-state.ts";
import type { AgentPhoneLeg } from "./call-view.ts";
import type { Dialog } from "./dialog.ts";
import { FarEndSdp, type LocalMedia } from "./far-end-sdp.ts";

/** What a call needs from the service that owns it. */
export type CallEnv = LocalMedia & {
  readonly clock: Clock;
  readonly scheduler: MediaScheduler;
  readonly mediaTimeoutMs?: number;
  /** Told when the call's media says it is over: the caller went quiet, or the agent's phone was lost. */
  readonly endings: { lost(call: Call, reason: MediaLoss): void };
  /** Told when the call changed by itself (a digit from the caller), for the agent's panel. */
  readonly panels: { changed(call: Call): void };
};

/**
 * One trunk call, inbound or dialled by an agent: its dialog, its state (moved only through the transitions
 * of call-state.ts), the interaction and agent it belongs to, and its audio (call-audio.ts). A call is
 * attached to one interaction at most, once. SIP signalling and routing belong to the CallService.
 */
export class Call {
  #state: CallState;
  #dialog: Dialog;
  #interactionId = "";
  #attached = false;
  #agentId: string | null = null;
  #muted = false;
  #ringing = false;
  #partner: Call | null = null;
  #transfer: { leg: Call; number: string } | null = null;
  #localSeq = 1;
  readonly #sdp: FarEndSdp;
  readonly #audio: CallAudio;

  constructor(
    /** For a call we dial, provisional until the far end answers with its tag and Contact. */
    dialog: Dialog,
    leg: RtpLeg,
    /** What the caller hears while queued (music with announcements) and on hold. */
    sounds: WaitingSounds,
    env: CallEnv,
    /** Answered by us and queued (an INVITE from the trunk), or dialled by us and not answered yet. */
    start: "queued" | "dialing",
  ) {
    this.#state = start;
    this.#dialog = dialog;
    const lost = (why: MediaLoss) => env.endings.lost(this, why);
    this.#audio = new CallAudio(leg, sounds, env, lost, () => env.panels.changed(this));
    this.#sdp = new FarEndSdp(leg, env, (held) => this.#audio.farEndHolds(held));
  }

  get state(): CallState {
    return this.#state;
  }
  get dialog(): Dialog {
    return this.#dialog;
  }
  get callId(): string {
    return this.#dialog.callId;
  }
  /** Empty before the call is attached to an interaction, and after it was taken from it. */
  get interactionId(): string {
    return this.#interactionId;
  }
  /** The agent whose phone the call is on (or who dialled it). */
  get agentId(): string | null {
    return this.#agentId;
  }
  get muted(): boolean {
    return this.#muted;
  }
  /** A call we dialled: the far end has said it rings (180/183). */
  get ringing(): boolean {
    return this.#ringing;
  }
  /** After a transfer out, the other trunk call this one is joined to: each ends when the other does. */
  get partner(): Call | null {
    return this.#partner;
  }
  /** The outside number this call is being transferred to, while it rings. */
  get transferringTo(): string | null {
    return this.#transfer?.number ?? null;
  }
  get leg(): RtpLeg {
    return this.#audio.farEnd;
  }
  get bridged(): boolean {
    return this.#audio.bridged;
  }
  /** Who is in the call and the caller's digits: what can be read or sent without changing the call's state. */
  get audio(): CallAudioView {
    return this.#audio;
  }

  /** The call becomes the voice of this interaction; a call belongs to one interaction, once. */
  attachInteraction(interactionId: string): void {
    if (this.#attached) throw new Conflict("This call already belongs to an interaction.");
    if (this.#state === "ended") throw new Conflict("This call has already ended.");
    this.#attached = true;
    this.#interactionId = interactionId;
  }

  /** Takes the call from its interaction (transferred out: the agent's panel shows it ended); returns its id. */
  detachInteraction(): string {
    const id = this.#interactionId;
    this.#interactionId = "";
    return id;
  }

  /** Answers the INVITE's offer (or a re-INVITE's: hold from their side, a new address): our SDP; null when nothing fits. */
  answer(offer: string): string | null {
    return this.#sdp.answer(offer);
  }

  /** Our SDP offer, for a call we dial. */
  offer(): string {
    return this.#sdp.offer();
  }

  /** The far end's answer to our offer (in a 183 or the 200); false when it accepts nothing we offered. */
  takeAnswer(sdp: string): boolean {
    return this.#sdp.takeAnswer(sdp);
  }

  /** An agent dials out (FEATURES V3): their phone hears the ringing tone until the far end answers or plays its own. */
  dial(agentId: string, phone: AgentPhoneLeg, ringback: FrameSource): void {
    if (this.#state !== "dialing" || this.#agentId) throw new Conflict("This call is not being dialled.");
    this.#agentId = agentId;
    this.#audio.connect({ role: "agent", leg: phone, phone });
    this.#audio.hold("agent", ringback);
  }

  /** The dialled number rings (180), or its network plays tones and announcements itself (183 with media). */
  alerting(earlyMedia: boolean): void {
    if (this.#state !== "dialing") return;
    this.#ringing = true;
    if (earlyMedia) this.#audio.resume("agent");
  }

  /** The dialled number answered: the dialog is confirmed and the agent and the far end talk. */
  answered(dialog: Dialog): void {
    if (this.#state !== "dialing") throw new Conflict("Only a call being dialled can be answered by the far end.");
    this.#state = nextCallState(this.#state, "answer");
    this.#dialog = dialog;
    this.#audio.resume("agent");
    this.#audio.watchMedia();
  }

  /** Queued: the caller hears the waiting music (and announcements) until an agent answers. */
  queue(): void {
    if (this.#state !== "queued") throw new Conflict("Only a queued call waits with music.");
    this.#audio.waitAlone();
    this.#audio.watchMedia();
  }

  /** An agent answered (or took the call over by a transfer): their phone is bridged to the caller. */
  connect(agentId: string, phone: AgentPhoneLeg | null): void {
    // Without a phone the caller keeps hearing music; the agent's panel says why.
    this.handTo("answer", agentId, phone ? { role: "agent", leg: phone, phone } : null);
  }

  /** Transferred out to an outside number (FEATURES V4): the agent's phone lets go and the two far ends talk. */
  joinWith(other: Call): void {
    this.handTo("answer", null, { role: "joined", leg: other.leg });
    this.#partner = other;
    other.#partner = this;
  }

  /** Transferred to a department: the agent's phone lets go and the caller hears music until the next answer. */
  requeue(): void {
    this.handTo("requeue", null, null);
  }

  /** The caller now waits in another department: its sounds from now on, at once if the music is playing. */
  retune(sounds: WaitingSounds): void {
    this.#audio.retune(sounds);
  }

  /** The caller hears music; what they say no longer reaches the agent. */
  hold(): void {
    this.#state = nextCallState(this.#state, "hold");
    this.#audio.hold("far-end");
  }

  resume(): void {
    this.#state = nextCallState(this.#state, "resume");
    this.#audio.resume("far-end");
  }

  /** The caller hears silence instead of the agent (frames keep flowing for the provider's jitter buffer). */
  setMuted(muted: boolean): void {
    if (this.#state !== "connected" && this.#state !== "held") throw new Conflict("Only a connected call can be muted.");
    this.#muted = muted;
    this.#audio.mute("agent", muted);
  }

  /** A transfer out of this call rings at `number` on the outside call `leg`. */
  transferRings(leg: Call, number: string): void {
    if (this.#transfer) throw new Conflict("A transfer of this call is already ringing.");
    this.#transfer = { leg, number };
  }

  /** The ringing transfer is over (answered, failed, or to be cancelled): its outside call, if one rang. */
  takeTransfer(): Call | null {
    const leg = this.#transfer?.leg ?? null;
    this.#transfer = null;
    return leg;
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
    if (this.#state !== "ended") this.#audio.farewell(clip, done);
  }

  /** Frees the media for good; false when the call had already ended. */
  end(): boolean {
    if (this.#state === "ended") return false;
    this.#state = nextCallState(this.#state, "hang_up");
    this.#audio.close();
    return true;
  }

  /** Hears what each side says after mute and hold (a recorder; tests count the audio with it). */
  listen(tap: RecorderTap | null): void {
    this.#audio.listen(tap);
  }

  stats(): LegStats {
    return this.leg.stats();
  }

  /** The caller talks with `party` from now on (with nobody: music), and the agent it belongs to starts unmuted. */
  private handTo(event: CallEvent, agentId: string | null, party: Parameters<CallAudio["connect"]>[0]): void {
    this.#state = nextCallState(this.#state, event);
    this.#agentId = agentId;
    this.#muted = false;
    this.#audio.connect(party);
  }
}
