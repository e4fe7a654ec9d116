import type { FrameSource } from "./audio-clip.ts";
import { silence, transcode } from "./g711.ts";
import type { BridgeOptions, BridgeStats, FlowStats, MuteMode, RecorderTap, Side } from "./bridge-taps.ts";
import type { AudioFrame, DtmfDigit, MediaLeg } from "./leg.ts";
import { play } from "./playback.ts";
import type { Ticker } from "./scheduler.ts";

const other = (side: Side): Side => (side === "a" ? "b" : "a");
const emptyFlow = (): FlowStats => ({ forwarded: 0, transcoded: 0, muted: 0, replaced: 0, played: 0, dtmfRelayed: 0 });

/**
 * Connects two legs of a call. Frames go across as they arrive (each leg rewrites them into its own outgoing
 * stream); taps change what goes across: a source played to one side replaces what the other says (hold
 * music, announcements), mute drops or silences one side, DTMF is relayed and reported, a recorder listens.
 */
export class Bridge {
  readonly #legs: Record<Side, MediaLeg>;
  readonly #flows: Record<Side, FlowStats> = { a: emptyFlow(), b: emptyFlow() };
  readonly #playing = new Map<Side, Ticker>();
  readonly #muted = new Map<Side, MuteMode>();
  readonly #held = new Set<Side>();
  #recorder: RecorderTap | null = null;
  #dtmfListener: ((side: Side, digit: DtmfDigit) => void) | null = null;
  #closed = false;

  constructor(
    a: MediaLeg,
    b: MediaLeg,
    private readonly options: BridgeOptions,
  ) {
    this.#legs = { a, b };
    for (const side of ["a", "b"] as const) {
      this.#legs[side].onFrame((frame) => this.carry(side, frame));
      this.#legs[side].onDtmf((digit) => this.dtmfFrom(side, digit));
    }
  }

  /** `side` hears `source` instead of the other side until it ends (then `onEnded`) or `stopPlaying`. */
  play(side: Side, source: FrameSource, onEnded?: () => void): void {
    if (this.#closed) return;
    this.stopPlaying(side);
    const flow = this.#flows[other(side)];
    const ended = () => {
      this.#playing.delete(side);
      onEnded?.();
    };
    this.#playing.set(side, play(source, this.#legs[side], this.options.scheduler, { sent: () => flow.played++, ended }));
  }

  stopPlaying(side: Side): void {
    this.#playing.get(side)?.stop();
    this.#playing.delete(side);
  }

  /** Puts `side` on hold: it hears `music`, and what it says no longer reaches the other side. */
  hold(side: Side, music: FrameSource): void {
    this.#held.add(side);
    this.play(side, music);
  }

  resume(side: Side): void {
    this.#held.delete(side);
    this.stopPlaying(side);
  }

  isHeld(side: Side): boolean {
    return this.#held.has(side);
  }

  /** Mutes what `side` says (null unmutes). */
  mute(side: Side, mode: MuteMode | null): void {
    if (mode) this.#muted.set(side, mode);
    else this.#muted.delete(side);
  }

  /** Plays a digit to `side`'s far end (the agent's keypad, an IVR answer). */
  sendDtmf(side: Side, digit: DtmfDigit, durationMs?: number): void {
    if (!this.#closed) this.#legs[side].sendDtmf(digit, durationMs);
  }

  /** Hears every digit either side sends, relayed or not. */
  onDtmf(listener: ((side: Side, digit: DtmfDigit) => void) | null): void {
    this.#dtmfListener = listener;
  }

  setRecorder(tap: RecorderTap | null): void {
    this.#recorder = tap;
  }

  stats(): BridgeStats {
    return { aToB: { ...this.#flows.a }, bToA: { ...this.#flows.b }, a: this.#legs.a.stats(), b: this.#legs.b.stats() };
  }

  /** Detaches from both legs and stops every source; the legs stay open for whoever owns them. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const side of ["a", "b"] as const) {
      this.stopPlaying(side);
      this.#legs[side].onFrame(null);
      this.#legs[side].onDtmf(null);
    }
    this.#recorder = null;
    this.#dtmfListener = null;
  }

  private carry(from: Side, received: AudioFrame): void {
    const flow = this.#flows[from];
    const to = other(from);
    const leg = this.#legs[to];
    const mode = this.#held.has(from) ? "drop" : this.#muted.get(from);
    if (mode) flow.muted++;
    if (mode === "drop") return;
    // Silence is made in the listener's law: A-law silence transcoded is not µ-law's exact zero.
    const frame =
      mode === "silence"
        ? { ...received, codec: leg.codec, payload: silence(leg.codec, received.payload.length), marker: false }
        : received;
    this.#recorder?.frame(from, frame);
    if (this.#playing.has(to)) {
      flow.replaced++;
      return;
    }
    if (frame.codec !== leg.codec) flow.transcoded++;
    leg.sendFrame(
      frame.codec === leg.codec ? frame : { ...frame, codec: leg.codec, payload: transcode(frame.payload, frame.codec, leg.codec) },
    );
    flow.forwarded++;
  }

  private dtmfFrom(side: Side, digit: DtmfDigit): void {
    this.#dtmfListener?.(side, digit);
    if (this.options.relayDtmf === false || this.#held.has(side) || this.#muted.has(side)) return;
    this.#legs[other(side)].sendDtmf(digit);
    this.#flows[side].dtmfRelayed++;
  }
}
