/**
 * Synthesizes the default hold music, static/hold-music.wav: 20 s of a soft I–vi–IV–V progression in F major
 * (pad chords with a bell arpeggio above them), 8 kHz mono µ-law, looping without a seam. Nothing is sampled
 * or downloaded; the same code always gives the same file (src/media/hold-music.test.ts checks that).
 * Usage: bun scripts/make-hold-music.ts
 */
import { mulaw } from "alawmulaw";
import { buildWav } from "../src/media/wav.ts";

const RATE = 8000;
const BEAT = 0.625; // 96 beats per minute
const BAR = 4 * BEAT;
/** Semitones above A4 (440 Hz) of each chord's tones, pad octave; the melody plays them an octave up. */
const CHORDS = [
  [-4, 0, 3], // F major: F4 A4 C5
  [-7, -4, 0], // D minor: D4 F4 A4
  [-11, -7, -4], // B♭ major: B♭3 D4 F4
  [-9, -5, -2], // C major: C4 E4 G4
];
/** Chord-tone indexes of the eight eighth notes in each of a chord's two bars (3 and up climb an octave). */
const PATTERNS = [
  [0, 1, 2, 3, 2, 1, 2, 1],
  [0, 2, 3, 4, 3, 2, 1, 2],
];

const hz = (semitones: number) => 440 * 2 ** (semitones / 12);

export function synthesizeHoldMusic(): Uint8Array {
  const length = Math.round(CHORDS.length * 2 * BAR * RATE);
  const mix = new Float64Array(length + 2 * RATE); // room for the last notes' tails, folded back to the start
  CHORDS.forEach((chord, c) => {
    const start = c * 2 * BAR;
    for (const tone of chord) addNote(mix, hz(tone), start, 2 * BAR, pad);
    addNote(mix, hz((chord[0] as number) - 12), start, 2 * BAR, bass);
    PATTERNS.forEach((pattern, bar) => {
      pattern.forEach((step, i) => {
        const tone = (chord[step % 3] as number) + 12 * (1 + Math.floor(step / 3));
        addNote(mix, hz(tone), start + bar * BAR + (i * BEAT) / 2, 1.2, bell);
      });
    });
  });
  for (let i = length; i < mix.length; i++) mix[i - length] = (mix[i - length] as number) + (mix[i] as number);
  const samples = new Int16Array(length);
  for (let i = 0; i < length; i++) samples[i] = Math.round(Math.tanh((mix[i] as number) * 1.1) * 0.5 * 32767);
  return buildWav(mulaw.encode(samples), "mulaw", RATE);
}

type Voice = (frequency: number, t: number, length: number) => number;

/** Slow swell and release, the fundamental with a touch of the octave and a gentle vibrato. */
const pad: Voice = (f, t, length) => {
  const envelope = Math.min(1, t / 0.4) * Math.min(1, Math.max(0, (length + 0.6 - t) / 0.6));
  const phase = 2 * Math.PI * f * t + 0.002 * f * Math.sin(2 * Math.PI * 4.5 * t);
  return 0.12 * envelope * (Math.sin(phase) + 0.3 * Math.sin(2 * phase));
};

/** Low root with strong harmonics, so a phone line that cuts below 300 Hz still lets it be heard. */
const bass: Voice = (f, t, length) => {
  const envelope = Math.min(1, t / 0.05) * Math.exp(-t / 1.5) * Math.min(1, Math.max(0, (length - t) / 0.3));
  const phase = 2 * Math.PI * f * t;
  return 0.1 * envelope * (Math.sin(phase) + 0.6 * Math.sin(2 * phase) + 0.4 * Math.sin(3 * phase));
};

/** A struck tone: quick attack, exponential decay, an overtone that fades faster. */
const bell: Voice = (f, t) => {
  const attack = Math.min(1, t / 0.005);
  const phase = 2 * Math.PI * f * t;
  const overtone = 2 * f < 3600 ? 0.25 * Math.exp(-t / 0.12) * Math.sin(2 * phase) : 0;
  return 0.2 * attack * (Math.exp(-t / 0.35) * Math.sin(phase) + overtone);
};

/** Adds a note of `length` seconds (plus its release) starting at `start` seconds. */
function addNote(mix: Float64Array, frequency: number, start: number, length: number, voice: Voice): void {
  const first = Math.round(start * RATE);
  const count = Math.round((length + 0.6) * RATE);
  for (let i = 0; i < count && first + i < mix.length; i++)
    mix[first + i] = (mix[first + i] as number) + voice(frequency, i / RATE, length);
}

if (import.meta.main) {
  const wav = synthesizeHoldMusic();
  await Bun.write(new URL("../static/hold-music.wav", import.meta.url), wav);
  console.log(`wrote static/hold-music.wav (${wav.length} bytes)`);
}
