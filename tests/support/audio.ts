/**
 * Test audio: tones as WAV files an admin could upload, and a Goertzel detector that tells how much of a
 * stretch of samples is one frequency. tests/fixtures/tone-1500hz.mp3 is a 1 s 1500 Hz stereo tone encoded
 * with Debian's lame (`sox -n -r 44100 -c 2 t.wav synth 1 sine 1500 vol 0.5 && lame -b 64 t.wav`).
 */
export const TONE_MP3 = new URL("../fixtures/tone-1500hz.mp3", import.meta.url).pathname;

/** A 16-bit PCM WAV file of a sine tone at half scale, the same on every channel. */
export function toneWav(hz: number, seconds: number, rate = 44_100, channels = 2): Uint8Array<ArrayBuffer> {
  const frames = Math.round(seconds * rate);
  const out = new Uint8Array(44 + frames * channels * 2);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, "RIFF");
  view.setUint32(4, out.length - 8, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, frames * channels * 2, true);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(16_000 * Math.sin((2 * Math.PI * hz * i) / rate));
    for (let c = 0; c < channels; c++) view.setInt16(44 + (i * channels + c) * 2, v, true);
  }
  return out;
}

/** The share (0…1) of the samples' energy at `hz` (Goertzel over the whole stretch, 8 kHz sampling). */
export function toneShare(samples: Int16Array, hz: number, rate = 8000): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const x of samples) {
    const s0 = x + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return energy === 0 ? 0 : (2 * power) / (samples.length * energy);
}
