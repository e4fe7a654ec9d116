import { alaw, mulaw } from "alawmulaw";
import type { G711Codec } from "./leg.ts";

/** The static payload types of RFC 3551 §6. */
export const STATIC_PAYLOAD_TYPES: Readonly<Record<G711Codec, number>> = { PCMU: 0, PCMA: 8 };

export function codecForStaticType(payloadType: number): G711Codec | null {
  return payloadType === 0 ? "PCMU" : payloadType === 8 ? "PCMA" : null;
}

/** The octet each codec uses for a zero sample. */
export const SILENCE_OCTET: Readonly<Record<G711Codec, number>> = { PCMU: 0xff, PCMA: 0xd5 };

const silences = new Map<string, Uint8Array>();

/** A shared frame of digital silence; callers must not write to it. */
export function silence(codec: G711Codec, samples: number): Uint8Array {
  const key = `${codec}/${samples}`;
  let frame = silences.get(key);
  if (!frame) {
    frame = new Uint8Array(samples).fill(SILENCE_OCTET[codec]);
    silences.set(key, frame);
  }
  return frame;
}

/** Octet-to-octet tables built once from alawmulaw's sample functions: a transcode is then one lookup per sample. */
const tables = (() => {
  const toAlaw = new Uint8Array(256);
  const toMulaw = new Uint8Array(256);
  for (let octet = 0; octet < 256; octet++) {
    toAlaw[octet] = alaw.encodeSample(mulaw.decodeSample(octet));
    toMulaw[octet] = mulaw.encodeSample(alaw.decodeSample(octet));
  }
  return { PCMA: toAlaw, PCMU: toMulaw };
})();

/** The same audio in the other G.711 law; the input itself when the codecs already match. */
export function transcode(payload: Uint8Array, from: G711Codec, to: G711Codec): Uint8Array {
  if (from === to) return payload;
  const table = tables[to];
  const out = new Uint8Array(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = table[payload[i] as number] as number;
  return out;
}

export function encodePcm(samples: Int16Array, codec: G711Codec): Uint8Array {
  return codec === "PCMU" ? mulaw.encode(samples) : alaw.encode(samples);
}

export function decodeToPcm(payload: Uint8Array, codec: G711Codec): Int16Array {
  return codec === "PCMU" ? mulaw.decode(payload) : alaw.decode(payload);
}
