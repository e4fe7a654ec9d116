import type { FrameSource } from "./audio-clip.ts";
import { FRAME_MS, type MediaLeg } from "./leg.ts";
import type { MediaScheduler, Ticker } from "./scheduler.ts";

export type PlaybackHooks = { readonly sent?: () => void; readonly ended?: () => void };

/**
 * Sends a source's frames to a leg every 20 ms until stopped, until the source ends (then `ended` runs) or
 * until the leg closes. Pacing comes from the media scheduler, never from the arrival of other packets.
 */
export function play(
  source: FrameSource,
  leg: Pick<MediaLeg, "codec" | "closed" | "sendFrame">,
  scheduler: MediaScheduler,
  hooks: PlaybackHooks = {},
): Ticker {
  const ticker = scheduler.every(FRAME_MS, () => {
    const frame = leg.closed ? null : source.next(leg.codec);
    if (frame) {
      leg.sendFrame(frame);
      hooks.sent?.();
      return;
    }
    ticker.stop();
    if (!leg.closed) hooks.ended?.();
  });
  return ticker;
}
