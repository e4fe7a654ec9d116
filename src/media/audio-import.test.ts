import { describe, expect, test } from "bun:test";
import { TONE_MP3, toneShare, toneWavAs as wav } from "../../tests/support/audio.ts";
import { importAudio } from "./audio-import.ts";
import { parseWav } from "./wav.ts";

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
