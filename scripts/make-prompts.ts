/**
 * Speaks the built-in voice prompts with Debian's espeak-ng and stores them as one 8 kHz mono µ-law file,
 * static/prompts.wav, with static/prompts.json naming each prompt's frames in it (docs/decisions/015).
 * Each prompt goes through the same conversion as an admin's upload, then is trimmed of its silences.
 * Usage (needs `apt-get install espeak-ng`): bun scripts/make-prompts.ts
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mulaw } from "alawmulaw";
import { importAudio } from "../src/media/audio-import.ts";
import { FRAME_SAMPLES } from "../src/media/leg.ts";
import { parseWav, buildWav } from "../src/media/wav.ts";
import { PROMPT_TEXTS } from "../src/media/prompt-texts.ts";

/** Quieter than this counts as silence at a prompt's edges; a little of it is kept so words do not run together. */
const SILENCE = 400;
const PAD = 2 * FRAME_SAMPLES;

async function speak(text: string): Promise<Int16Array> {
  const espeak = Bun.which("espeak-ng");
  if (!espeak) throw new Error("espeak-ng is not installed: apt-get install -y espeak-ng");
  const file = join(tmpdir(), `prompt-${crypto.randomUUID()}.wav`);
  const p = Bun.spawn([espeak, "-v", "en-us", "-s", "150", "-w", file, text], { stderr: "inherit" });
  if ((await p.exited) !== 0) throw new Error(`espeak-ng failed on: ${text}`);
  const wav = await Bun.file(file).bytes();
  rmSync(file);
  const converted = await importAudio(wav, 60);
  if (!converted.ok) throw new Error(converted.error);
  const parsed = parseWav(converted.value.wav);
  if (!parsed.ok) throw new Error(parsed.error);
  return trim(parsed.value.samples);
}

/** Cuts the silence at both ends, keeps `PAD` samples of it, and pads to whole 20 ms frames. */
function trim(samples: Int16Array): Int16Array {
  let first = samples.findIndex((v) => Math.abs(v) > SILENCE);
  let last = samples.findLastIndex((v) => Math.abs(v) > SILENCE);
  if (first < 0) throw new Error("espeak-ng gave silence");
  first = Math.max(0, first - PAD);
  last = Math.min(samples.length, last + PAD);
  const out = new Int16Array(Math.ceil((last - first) / FRAME_SAMPLES) * FRAME_SAMPLES);
  out.set(samples.subarray(first, last));
  return out;
}

if (import.meta.main) {
  const index: Record<string, [number, number]> = {};
  const parts: Int16Array[] = [];
  let frames = 0;
  for (const [name, text] of Object.entries(PROMPT_TEXTS)) {
    const samples = await speak(text);
    index[name] = [frames, samples.length / FRAME_SAMPLES];
    frames += samples.length / FRAME_SAMPLES;
    parts.push(samples);
  }
  const all = new Int16Array(frames * FRAME_SAMPLES);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  await Bun.write(new URL("../static/prompts.wav", import.meta.url), buildWav(mulaw.encode(all), "mulaw", 8000));
  await Bun.write(new URL("../static/prompts.json", import.meta.url), `${JSON.stringify(index, null, 1)}\n`);
  console.log(`wrote static/prompts.wav (${frames * FRAME_SAMPLES} samples, ${Object.keys(index).length} prompts)`);
}
