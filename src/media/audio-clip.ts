import { encodePcm } from "./g711.ts";
import { type AudioFrame, FRAME_SAMPLES, type G711Codec, SAMPLE_RATE } from "./leg.ts";
import { fail, ok, type Result } from "./result.ts";
import { parseWav } from "./wav.ts";

/** Longest clip kept in memory: ten minutes is 4.8 MB per codec. */
const MAX_SECONDS = 600;

/**
 * A recording cut into 20 ms frames, encoded once per codec on first use and shared by every call that plays
 * it (each call has its own `ClipPlayer` position).
 */
export class AudioClip {
  readonly #encoded = new Map<G711Codec, Uint8Array>();

  private constructor(private readonly samples: Int16Array) {}

  /** An 8 kHz mono WAV file (PCM, A-law or µ-law); the last partial frame is padded with silence. */
  static fromWav(bytes: Uint8Array): Result<AudioClip> {
    const wav = parseWav(bytes);
    if (!wav.ok) return wav;
    if (wav.value.sampleRate !== SAMPLE_RATE) return fail(`the sample rate must be ${SAMPLE_RATE} Hz, not ${wav.value.sampleRate}`);
    const frames = Math.ceil(wav.value.samples.length / FRAME_SAMPLES);
    if (frames === 0) return fail("the recording is empty");
    if (frames * FRAME_SAMPLES > MAX_SECONDS * SAMPLE_RATE) return fail(`the recording is longer than ${MAX_SECONDS} s`);
    const samples = new Int16Array(frames * FRAME_SAMPLES);
    samples.set(wav.value.samples);
    return ok(new AudioClip(samples));
  }

  /** 8 kHz samples made in memory (a tone); padded with silence to whole frames like a file. */
  static fromSamples(samples: Int16Array): AudioClip {
    const padded = new Int16Array(Math.max(1, Math.ceil(samples.length / FRAME_SAMPLES)) * FRAME_SAMPLES);
    padded.set(samples);
    return new AudioClip(padded);
  }

  /** Several clips one after the other, as one clip (a sentence made of prompts). */
  static join(parts: readonly AudioClip[]): AudioClip {
    const samples = new Int16Array(parts.reduce((n, p) => n + p.samples.length, 0));
    let at = 0;
    for (const part of parts) {
      samples.set(part.samples, at);
      at += part.samples.length;
    }
    return AudioClip.fromSamples(samples);
  }

  /** `count` frames of this clip from frame `first`. */
  section(first: number, count: number): AudioClip {
    return AudioClip.fromSamples(this.samples.slice(first * FRAME_SAMPLES, (first + count) * FRAME_SAMPLES));
  }

  get frameCount(): number {
    return this.samples.length / FRAME_SAMPLES;
  }

  /** Frame `index` in `codec`: a view into the shared encoding, which callers must not write to. */
  frame(index: number, codec: G711Codec): Uint8Array {
    let encoded = this.#encoded.get(codec);
    if (!encoded) {
      encoded = encodePcm(this.samples, codec);
      this.#encoded.set(codec, encoded);
    }
    return encoded.subarray(index * FRAME_SAMPLES, (index + 1) * FRAME_SAMPLES);
  }
}

/** Something that produces a 20 ms frame whenever asked: hold music, an announcement, a tone. */
export interface FrameSource {
  /** The next frame in `codec`, or null once the source has ended (it stays ended). */
  next(codec: G711Codec): AudioFrame | null;
}

/** Plays a clip from its start, once or over and over, as one stream with its own source number. */
export class ClipPlayer implements FrameSource {
  readonly source = crypto.getRandomValues(new Uint32Array(1))[0] as number;
  #index = 0;
  #timestamp = crypto.getRandomValues(new Uint32Array(1))[0] as number;

  constructor(
    private readonly clip: AudioClip,
    private readonly loop: boolean,
  ) {}

  next(codec: G711Codec): AudioFrame | null {
    if (this.#index >= this.clip.frameCount) {
      if (!this.loop) return null;
      this.#index = 0;
    }
    const frame = { codec, payload: this.clip.frame(this.#index, codec), source: this.source, timestamp: this.#timestamp, marker: false };
    this.#index++;
    this.#timestamp = (this.#timestamp + FRAME_SAMPLES) >>> 0;
    return frame;
  }
}
