import { describe, expect, test } from "bun:test";
import { alaw } from "alawmulaw";
import { TONE_MP3, toneShare } from "../../tests/support/audio.ts";
import { importAudio } from "./audio-import.ts";
import { parseWav } from "./wav.ts";

/** A WAV file of a sine at half scale in the given layout (tag 1 PCM, 3 float, 6 A-law, 0xFFFE extensible PCM). */
function wav(o: { tag: number; bits: number; channels: number; rate: number; hz: number; seconds: number }): Uint8Array {
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
  view.setUint16(34, o.bits, true);
  if (o.tag === 0xfffe) view.setUint16(20 + 24, 1, true);
  const data = 20 + fmtSize;
  text(data, "data");
  view.setUint32(data + 4, frames * o.channels * width, true);
  for (let i = 0; i < frames; i++) {
    const x = 0.5 * Math.sin((2 * Math.PI * o.hz * i) / o.rate);
    for (let c = 0; c < o.channels; c++) {
      const at = data + 8 + (i * o.channels + c) * width;
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
  }
  return out;
}

/** The converted file's 8 kHz samples. */
async function converted(bytes: Uint8Array, maxSeconds = 600) {
  const result = await importAudio(bytes, maxSeconds);
  if (!result.ok) throw new Error(result.error);
  const parsed = parseWav(result.value.wav);
  if (!parsed.ok) throw new Error(parsed.error);
  return { ...parsed.value, seconds: result.value.seconds };
}

const middle = (samples: Int16Array) => samples.subarray(samples.length / 2 - 400, samples.length / 2);
const rms = (samples: Int16Array) => Math.sqrt(samples.reduce((s, v) => s + v * v, 0) / samples.length) / 32768;

describe("uploaded audio becomes 8 kHz mono µ-law", () => {
  test.each([
    ["8-bit PCM mono at 11.025 kHz", { tag: 1, bits: 8, channels: 1, rate: 11_025 }],
    ["16-bit PCM stereo at 44.1 kHz", { tag: 1, bits: 16, channels: 2, rate: 44_100 }],
    ["24-bit PCM stereo at 48 kHz", { tag: 1, bits: 24, channels: 2, rate: 48_000 }],
    ["32-bit float mono at 96 kHz", { tag: 3, bits: 32, channels: 1, rate: 96_000 }],
    ["A-law mono at 8 kHz", { tag: 6, bits: 8, channels: 1, rate: 8000 }],
    ["extensible 16-bit PCM with six channels at 16 kHz", { tag: 0xfffe, bits: 16, channels: 6, rate: 16_000 }],
  ])("%s keeps a 1 kHz tone at its level and length", async (_, layout) => {
    const out = await converted(wav({ ...layout, hz: 1000, seconds: 1 }));
    expect(out).toMatchObject({ sampleRate: 8000, encoding: "mulaw", seconds: 1 });
    expect(toneShare(middle(out.samples), 1000)).toBeGreaterThan(0.98);
    expect(rms(middle(out.samples))).toBeCloseTo(0.5 / Math.SQRT2, 1);
  });

  test("what lies above the telephone band is filtered out instead of folding back into it", async () => {
    const out = await converted(wav({ tag: 1, bits: 16, channels: 1, rate: 44_100, hz: 6000, seconds: 1 }));
    expect(rms(middle(out.samples))).toBeLessThan(0.005);
  });

  test("an MP3 file (stereo, 24 kHz) is decoded: one second of its 1.5 kHz tone", async () => {
    const out = await converted(await Bun.file(TONE_MP3).bytes());
    expect(out.seconds).toBeCloseTo(1, 1);
    expect(toneShare(middle(out.samples), 1500)).toBeGreaterThan(0.98);
  });

  test("content decides, and what is not usable audio is an error naming the problem", async () => {
    const problem = async (bytes: Uint8Array, maxSeconds = 600) => {
      const result = await importAudio(bytes, maxSeconds);
      return result.ok ? "accepted" : result.error;
    };
    expect(await problem(new TextEncoder().encode("ID3 but nothing after it"))).toBe("the MP3 file is damaged or holds no audio");
    expect(await problem(new Uint8Array([0xff, 0xfb, 0x90, 0x00, ...new Uint8Array(400).fill(7)]))).toBe(
      "the MP3 file is damaged or holds no audio",
    );
    expect(await problem(new TextEncoder().encode("%PDF-1.7 a document"))).toBe("it is neither a WAV nor an MP3 file");
    const tone = wav({ tag: 1, bits: 16, channels: 1, rate: 8000, hz: 1000, seconds: 3 });
    expect(await problem(tone, 2)).toBe("the recording is longer than 2 s");
    expect(await problem(tone.slice(0, 100))).toStartWith("the WAV file is damaged");
    expect(await problem(wav({ tag: 1, bits: 12, channels: 1, rate: 8000, hz: 1000, seconds: 1 }))).toBe(
      "12-bit pcm WAV files are not supported",
    );
    expect(await problem(wav({ tag: 2, bits: 4, channels: 1, rate: 8000, hz: 1000, seconds: 1 }))).toBe(
      "this WAV encoding is not supported (use PCM, float, A-law or µ-law)",
    );
    expect(await problem(wav({ tag: 1, bits: 16, channels: 1, rate: 8000, hz: 1000, seconds: 0 }))).toBe("the file holds no audio");
  });
});
