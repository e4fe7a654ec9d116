import { type AudioClip, ClipPlayer, type FrameSource, FRAME_MS, type G711Codec } from "../media/index.ts";

/**
 * What a queued caller hears (FEATURES V2, A4): the queue's music on a loop and, every `everyMs` of it, an
 * announcement made at that moment (their position, the estimated wait, the queue's own recording), after
 * which the music goes on where it stopped. Time is counted in frames played, so it follows the media pacing.
 */
export class WaitingAudio implements FrameSource {
  readonly #music: ClipPlayer;
  readonly #everyFrames: number;
  #untilNext: number;
  #announcement: ClipPlayer | null = null;

  constructor(
    music: AudioClip,
    everyMs: number,
    /** The announcement to play now; null to skip this time. */
    private readonly announcement: () => AudioClip | null,
  ) {
    this.#music = new ClipPlayer(music, true);
    this.#everyFrames = Math.round(everyMs / FRAME_MS);
    this.#untilNext = this.#everyFrames;
  }

  next(codec: G711Codec) {
    if (this.#announcement) {
      const frame = this.#announcement.next(codec);
      if (frame) return frame;
      this.#announcement = null;
    }
    if (this.#everyFrames > 0 && --this.#untilNext <= 0) {
      this.#untilNext = this.#everyFrames;
      const clip = this.announcement();
      if (clip) {
        this.#announcement = new ClipPlayer(clip, false);
        return this.#announcement.next(codec);
      }
    }
    return this.#music.next(codec);
  }
}
