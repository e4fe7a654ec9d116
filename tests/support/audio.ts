/**
 * Test audio: tones as WAV files an admin could upload, and a Goertzel detector that tells how much of a
 * stretch of samples is one frequency. tests/fixtures/tone-1500hz.mp3 is a 1 s 1500 Hz stereo tone encoded
 * with Debian's lame (`sox -n -r 44100 -c 2 t.wav synth 1 sine 1500 vol 0.5 && lame -b 64 t.wav`).
 */
import { alaw } from "alawmulaw";

export const TONE_MP3 = new URL("../fixtures/tone-1500hz.mp3", import.meta.url).pathname;

/** A 16-bit PCM WAV file of a sine tone at half scale, the same on every channel. */
export function toneWav(hz: number, seconds: number, rate = 44_100, channels = 2): Uint8Array<ArrayBuffer> {
  return toneWavAs({ tag: 1, bits: 16, channels, rate, hz, seconds });
}

export type WavLayout = { tag: number; bits: number; channels: number; rate: number; hz: number; seconds: number };

/** A WAV file of a sine at half scale in the given layout (tag 1 PCM, 3 float, 6 A-law, 0xFFFE extensible PCM). */
export function toneWavAs(o: WavLayout): Uint8Array<ArrayBuffer> {
  const frames = Math.round(o.rate * o.seconds);
  const width = o.bits / 8;
  const fmtSize = o.tag === 0xfffe ? 40 : 16;
  const out = new Uint8Array(12 + 8 + fmtSize + 8 + frames * o.channels * width);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i));
  };
  text(0, "RIFF");
  view.setUint32(4, out.length - 8, true);
  text(8, "WAVE");
  text(12, "fmt ");
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, o.tag, true);
  view.setUint16(22, o.channels, true);
  view.setUint32(24, o.rate, true);
  view.setUint32(28, o.rate * o.channels * width, true);
  view.setUint16(32, o.channels * width, true);
  view.setUint16(34, o.bits, true);
  if (o.tag === 0xfffe) view.setUint16(20 + 24, 1, true);
  const data = 20 + fmtSize;
  text(data, "data");
  view.setUint32(data + 4, frames * o.channels * width, true);
  for (let i = 0; i < frames; i++) {
    const x = 0.5 * Math.sin((2 * Math.PI * o.hz * i) / o.rate);
    for (let c = 0; c < o.channels; c++) writeSample(view, data + 8 + (i * o.channels + c) * width, x, o);
  }
  return out;
}

function writeSample(view: DataView, at: number, x: number, o: WavLayout): void {
  if (o.tag === 3) view.setFloat32(at, x, true);
  else if (o.tag === 6) view.setUint8(at, alaw.encodeSample(Math.round(x * 32767)));
  else if (o.bits === 8) view.setUint8(at, Math.round(128 + x * 127));
  else if (o.bits === 16) view.setInt16(at, Math.round(x * 32767), true);
  else if (o.bits === 24) {
    const v = Math.round(x * 8388607);
    view.setUint8(at, v & 0xff);
    view.setUint8(at + 1, (v >> 8) & 0xff);
    view.setInt8(at + 2, v >> 16);
  }
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
