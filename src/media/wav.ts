import { alaw, mulaw } from "alawmulaw";
import { fail, ok, type Result } from "./result.ts";

/** The WAV encodings telephony audio comes in: 16-bit linear PCM, A-law (6) and µ-law (7). */
export type WavEncoding = "pcm16" | "alaw" | "mulaw";

export type WavAudio = { readonly sampleRate: number; readonly encoding: WavEncoding; readonly samples: Int16Array };

const FORMAT_CODES: Readonly<Record<number, WavEncoding>> = { 1: "pcm16", 6: "alaw", 7: "mulaw" };
const CODE_OF: Readonly<Record<WavEncoding, number>> = { pcm16: 1, alaw: 6, mulaw: 7 };

/** The fmt chunk's body and the data chunk's samples of a RIFF/WAVE file, checked to lie within the file. */
export type WavChunks = { readonly fmt: DataView; readonly data: Uint8Array };

/** Finds the fmt and data chunks; anything that is not a sound RIFF/WAVE file is an error, never an exception. */
export function wavChunks(bytes: Uint8Array): Result<WavChunks> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || ascii(bytes, 0) !== "RIFF" || ascii(bytes, 8) !== "WAVE") return fail("not a RIFF/WAVE file");
  let fmt: DataView | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > bytes.length) return fail(`chunk ${id} runs past the end`);
    if (id === "fmt ") {
      if (size < 16) return fail("fmt chunk too short");
      fmt = new DataView(bytes.buffer, bytes.byteOffset + body, size);
    } else if (id === "data") {
      if (!fmt) return fail("data before the fmt chunk");
      return ok({ fmt, data: bytes.subarray(body, body + size) });
    }
    at = body + size + (size % 2);
  }
  return fail("no data chunk");
}

/** Reads a mono 8-bit G.711 or 16-bit PCM RIFF/WAVE file into linear samples (the appliance's own files). */
export function parseWav(bytes: Uint8Array): Result<WavAudio> {
  const chunks = wavChunks(bytes);
  if (!chunks.ok) return chunks;
  const format = readFormat(chunks.value.fmt);
  if (!format.ok) return format;
  return ok({ ...format.value, samples: decode(chunks.value.data, format.value.encoding) });
}

function readFormat(view: DataView): Result<{ encoding: WavEncoding; sampleRate: number }> {
  const encoding = FORMAT_CODES[view.getUint16(0, true)];
  const channels = view.getUint16(2, true);
  const bits = view.getUint16(14, true);
  if (!encoding) return fail("only PCM, A-law and µ-law WAV files are supported");
  if (channels !== 1) return fail("only mono WAV files are supported");
  if (bits !== (encoding === "pcm16" ? 16 : 8)) return fail(`${bits}-bit ${encoding} is not supported`);
  return ok({ encoding, sampleRate: view.getUint32(4, true) });
}

function decode(data: Uint8Array, encoding: WavEncoding): Int16Array {
  if (encoding === "alaw") return alaw.decode(data);
  if (encoding === "mulaw") return mulaw.decode(data);
  const samples = new Int16Array(Math.floor(data.length / 2));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

/**
 * A mono WAV file from already-encoded sample octets (8-bit G.711 or little-endian 16-bit PCM). G.711 files
 * get the 18-octet fmt chunk and the fact chunk that non-PCM formats call for.
 */
export function buildWav(data: Uint8Array, encoding: WavEncoding, sampleRate: number): Uint8Array {
  const bytesPerSample = encoding === "pcm16" ? 2 : 1;
  const fmt = new DataView(new ArrayBuffer(encoding === "pcm16" ? 16 : 18));
  fmt.setUint16(0, CODE_OF[encoding], true);
  fmt.setUint16(2, 1, true);
  fmt.setUint32(4, sampleRate, true);
  fmt.setUint32(8, sampleRate * bytesPerSample, true);
  fmt.setUint16(12, bytesPerSample, true);
  fmt.setUint16(14, bytesPerSample * 8, true);
  const fact = new DataView(new ArrayBuffer(4));
  fact.setUint32(0, data.length / bytesPerSample, true);
  const chunks = [
    chunk("fmt ", new Uint8Array(fmt.buffer)),
    ...(encoding === "pcm16" ? [] : [chunk("fact", new Uint8Array(fact.buffer))]),
    chunk("data", data),
  ];
  return concat([
    new TextEncoder().encode("RIFF"),
    le32(4 + chunks.reduce((n, c) => n + c.length, 0)),
    new TextEncoder().encode("WAVE"),
    ...chunks,
  ]);
}

function chunk(id: string, body: Uint8Array): Uint8Array {
  return concat([new TextEncoder().encode(id), le32(body.length), body, new Uint8Array(body.length % 2)]);
}

function le32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}
