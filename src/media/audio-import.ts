import { alaw, mulaw } from "alawmulaw";
import { MPEGDecoder, MPEGDecoderWebWorker } from "mpg123-decoder";
import { SAMPLE_RATE } from "./leg.ts";
import { toTelephoneRate, yieldToMedia } from "./resample.ts";
import { fail, ok, type Result } from "./result.ts";
import { buildWav, wavChunks } from "./wav.ts";

/** Telephone audio made from an upload: an 8 kHz mono µ-law WAV file and how long it plays. */
export type ImportedAudio = { readonly wav: Uint8Array; readonly seconds: number };

/** Decoded audio before conversion: one array of samples in −1…1 per channel. */
type Decoded = { readonly sampleRate: number; readonly channels: Float32Array[] };

const MP3_CHUNK = 64 * 1024;

/**
 * Converts an uploaded WAV or MP3 file, recognised by its content (never by its name or declared type), into
 * G.711 µ-law at 8 kHz mono, once. Other content, a damaged file, silence-only emptiness or a recording
 * longer than `maxSeconds` is an error naming the problem. The work yields between slices so calls in
 * progress keep their 20 ms pacing while a long file converts.
 */
export async function importAudio(bytes: Uint8Array, maxSeconds: number): Promise<Result<ImportedAudio>> {
  const decoded: Result<Decoded> = isWav(bytes)
    ? decodeWav(bytes)
    : isMp3(bytes)
      ? await decodeMp3(bytes, maxSeconds)
      : fail("it is neither a WAV nor an MP3 file");
  if (!decoded.ok) return decoded;
  const { sampleRate, channels } = decoded.value;
  const length = channels[0]?.length ?? 0;
  if (sampleRate < 4000 || sampleRate > 192_000) return fail(`a sample rate of ${sampleRate} Hz is not supported`);
  if (length === 0) return fail("the file holds no audio");
  if (length / sampleRate > maxSeconds) return fail(`the recording is longer than ${maxSeconds} s`);
  const samples = await toTelephoneRate(channels, sampleRate);
  return ok({ wav: buildWav(mulaw.encode(samples), "mulaw", SAMPLE_RATE), seconds: samples.length / SAMPLE_RATE });
}

function isWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WAVE";
}

/** An ID3 tag, or an MPEG audio frame header (11 sync bits, then a valid version and layer). */
function isMp3(bytes: Uint8Array): boolean {
  if (bytes.length >= 10 && ascii(bytes, 0, 3) === "ID3") return true;
  const [b0 = 0, b1 = 0] = bytes;
  return b0 === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x18) !== 0x08 && (b1 & 0x06) !== 0;
}

const WAV_FORMATS: Readonly<Record<number, string>> = { 1: "pcm", 3: "float", 6: "alaw", 7: "mulaw" };

/** Any common WAV: 8/16/24/32-bit PCM, 32/64-bit float, A-law or µ-law, 1 to 8 channels, extensible headers. */
function decodeWav(bytes: Uint8Array): Result<Decoded> {
  const chunks = wavChunks(bytes);
  if (!chunks.ok) return fail(`the WAV file is damaged (${chunks.error})`);
  const { fmt, data } = chunks.value;
  let tag = fmt.getUint16(0, true);
  if (tag === 0xfffe && fmt.byteLength >= 26) tag = fmt.getUint16(24, true);
  const channelCount = fmt.getUint16(2, true);
  const sampleRate = fmt.getUint32(4, true);
  const bits = fmt.getUint16(14, true);
  const format = WAV_FORMATS[tag];
  const width = bits / 8;
  if (!format) return fail("this WAV encoding is not supported (use PCM, float, A-law or µ-law)");
  if (channelCount < 1 || channelCount > 8) return fail(`${channelCount} channels are not supported`);
  const readable = format === "pcm" ? [8, 16, 24, 32].includes(bits) : format === "float" ? bits === 32 || bits === 64 : bits === 8;
  if (!readable) return fail(`${bits}-bit ${format} WAV files are not supported`);
  const frames = Math.floor(data.length / (width * channelCount));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read = sampleReader(format, bits, view);
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++)
    for (let c = 0; c < channelCount; c++) (channels[c] as Float32Array)[i] = read((i * channelCount + c) * width);
  return ok({ sampleRate, channels });
}

function sampleReader(format: string, bits: number, view: DataView): (at: number) => number {
  if (format === "alaw" || format === "mulaw") {
    const table = new Float32Array(256);
    const codec = format === "mulaw" ? mulaw : alaw;
    for (let o = 0; o < 256; o++) table[o] = codec.decodeSample(o) / 32768;
    return (at) => table[view.getUint8(at)] as number;
  }
  if (format === "float") return bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  if (bits === 8) return (at) => (view.getUint8(at) - 128) / 128;
  if (bits === 16) return (at) => view.getInt16(at, true) / 32768;
  if (bits === 24) return (at) => ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) as number) / 8388608;
  return (at) => view.getInt32(at, true) / 2147483648;
}

/** MPEG audio through libmpg123 (WebAssembly), fed in slices; stops early once it is past `maxSeconds`. */
async function decodeMp3(bytes: Uint8Array, maxSeconds: number): Promise<Result<Decoded>> {
  // Bun's bundler drops the package's unused worker class but keeps the package's own statement naming it,
  // which made the compiled executable fail at start; this use keeps the class (tests/compiled-binary.test.ts).
  if (typeof MPEGDecoderWebWorker !== "function") return fail("the MP3 decoder is missing");
  const decoder = new MPEGDecoder();
  try {
    await decoder.ready;
    const parts: Float32Array[][] = [];
    let sampleRate = 0;
    let length = 0;
    for (let at = 0; at < bytes.length; at += MP3_CHUNK) {
      const out = decoder.decode(bytes.subarray(at, at + MP3_CHUNK));
      if (out.samplesDecoded > 0) {
        sampleRate ||= out.sampleRate;
        parts.push(out.channelData.map((c) => c.slice(0, out.samplesDecoded)));
        length += out.samplesDecoded;
        if (length / sampleRate > maxSeconds) return fail(`the recording is longer than ${maxSeconds} s`);
      }
      await yieldToMedia();
    }
    if (length === 0) return fail("the MP3 file is damaged or holds no audio");
    const channelCount = Math.min(...parts.map((p) => p.length));
    const channels = Array.from({ length: channelCount }, (_, c) => {
      const joined = new Float32Array(length);
      let offset = 0;
      for (const part of parts) {
        joined.set(part[c] as Float32Array, offset);
        offset += (part[0] as Float32Array).length;
      }
      return joined;
    });
    return ok({ sampleRate, channels });
  } finally {
    decoder.free();
  }
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}
