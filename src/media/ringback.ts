import { AudioClip, ClipPlayer } from "./audio-clip.ts";
import { SAMPLE_RATE } from "./leg.ts";

/** ITU-T E.180 ringing tone as most of Europe plays it: 425 Hz, 1 s on, 4 s off. */
const TONE_HZ = 425;
const ON_S = 1;
const OFF_S = 4;
/** About −13 dBm0: clearly audible, never clipping after G.711 encoding. */
const AMPLITUDE = 6_000;

let clip: AudioClip | null = null;

function ringbackClip(): AudioClip {
  if (clip) return clip;
  const samples = new Int16Array((ON_S + OFF_S) * SAMPLE_RATE);
  for (let i = 0; i < ON_S * SAMPLE_RATE; i++) samples[i] = Math.round(AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * i) / SAMPLE_RATE));
  clip = AudioClip.fromSamples(samples);
  return clip;
}

/** A fresh looping ringing tone: what the agent hears while the number they dialled rings. */
export function ringbackPlayer(): ClipPlayer {
  return new ClipPlayer(ringbackClip(), true);
}
