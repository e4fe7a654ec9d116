import { describe, expect, test } from "bun:test";
import { synthesizeHoldMusic } from "../../scripts/make-hold-music.ts";
import { AudioClip, ClipPlayer } from "./audio-clip.ts";
import { decodeToPcm, encodePcm } from "./g711.ts";
import { loadClip, loadHoldMusic } from "./hold-music.ts";
import { buildWav, parseWav } from "./wav.ts";

const wavPath = new URL("../../static/hold-music.wav", import.meta.url).pathname;

describe("embedded hold music", () => {
  test("the committed file is exactly what scripts/make-hold-music.ts synthesizes, and small", async () => {
    const committed = await Bun.file(wavPath).bytes();
    expect(committed.length).toBeLessThanOrEqual(200_000);
    expect(Buffer.from(committed).equals(Buffer.from(synthesizeHoldMusic()))).toBe(true);
  });

  test("it loads as 20 s of 8 kHz audio in 1,000 frames of 160 octets, at a comfortable level", async () => {
    const clip = await loadHoldMusic();
    expect(await loadHoldMusic()).toBe(clip);
    expect(clip.frameCount).toBe(1000);
    for (const codec of ["PCMU", "PCMA"] as const) expect(clip.frame(999, codec)).toHaveLength(160);
    const samples = decodeToPcm(clip.frame(100, "PCMA"), "PCMA");
    const rms = Math.sqrt(samples.reduce((s, v) => s + v * v, 0) / samples.length);
    // Audible but far from clipping: between −40 and −6 dBFS.
    expect(20 * Math.log10(rms / 32768)).toBeGreaterThan(-40);
    expect(Math.max(...samples.map(Math.abs))).toBeLessThan(16_500);
  });

  test("a looping player runs on forever with steady timestamps; a one-shot player ends", async () => {
    const clip = AudioClip.fromWav(buildWav(new Uint8Array(480).fill(0xff), "mulaw", 8000));
    if (!clip.ok) throw new Error(clip.error);
    const looping = new ClipPlayer(clip.value, true);
    const frames = Array.from({ length: 7 }, () => looping.next("PCMU"));
    expect(frames.map((f) => ((f?.timestamp ?? 0) - (frames[0]?.timestamp ?? 0)) >>> 0)).toEqual([0, 160, 320, 480, 640, 800, 960]);
    expect(new Set(frames.map((f) => f?.source)).size).toBe(1);
    const once = new ClipPlayer(clip.value, false);
    expect([once.next("PCMA"), once.next("PCMA"), once.next("PCMA"), once.next("PCMA")].map((f) => f !== null)).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(once.next("PCMA")).toBeNull();
  });

  test("a clip pads its last partial frame with silence and is encoded in the requested law", () => {
    const pcm = Int16Array.from({ length: 200 }, (_, i) => (i % 2 ? 4000 : -4000));
    const clip = AudioClip.fromWav(buildWav(new Uint8Array(pcm.buffer), "pcm16", 8000));
    if (!clip.ok) throw new Error(clip.error);
    expect(clip.value.frameCount).toBe(2);
    expect([...clip.value.frame(0, "PCMA")]).toEqual([...encodePcm(pcm.subarray(0, 160), "PCMA")]);
    expect(
      decodeToPcm(clip.value.frame(1, "PCMU"), "PCMU")
        .subarray(40)
        .every((v) => v === 0),
    ).toBe(true);
  });

  test.each([
    ["not RIFF", new Uint8Array(64), "not a RIFF/WAVE file"],
    ["16 kHz", buildWav(new Uint8Array(320), "pcm16", 16000), "the sample rate must be 8000 Hz, not 16000"],
    ["empty", buildWav(new Uint8Array(0), "alaw", 8000), "the recording is empty"],
  ])("an unusable file (%s) is an error naming the problem", (_name, bytes, message) => {
    expect(AudioClip.fromWav(bytes)).toEqual({ ok: false, error: message });
  });

  test("a stereo file or a missing file is refused with its path in the message", async () => {
    const stereo = buildWav(new Uint8Array(320), "pcm16", 8000);
    stereo[22] = 2;
    expect(parseWav(stereo)).toEqual({ ok: false, error: "only mono WAV files are supported" });
    await expect(loadClip("/nonexistent/hold.wav")).rejects.toThrow("/nonexistent/hold.wav");
  });
});
