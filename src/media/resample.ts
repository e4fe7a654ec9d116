import { SAMPLE_RATE } from "./leg.ts";

/** Telephone band edge: G.711 at 8 kHz carries up to 4 kHz; the filter is down well before that. */
const CUTOFF_HZ = 3600;
/** Zero crossings of the filter on each side: steep enough to keep music's highs from folding into the band. */
const ZERO_CROSSINGS = 12;
/** Kernel values per input sample, read with linear interpolation. */
const TABLE_STEPS = 256;
/** Output samples computed between two yields (50 ms of audio: a few milliseconds of work). */
const SLICE = 400;

/** Lets timers (the media scheduler) run between slices of a long computation. */
export const yieldToMedia = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Mixes channels (samples in −1…1) to mono and resamples them to 8 kHz through a Blackman-windowed sinc
 * low-pass, so nothing above the telephone band aliases. Yields between slices (see yieldToMedia).
 */
export async function toTelephoneRate(channels: readonly Float32Array[], rate: number): Promise<Int16Array> {
  const mono = mixDown(channels);
  const cutoff = Math.min(CUTOFF_HZ, 0.45 * rate);
  const spacing = rate / (2 * cutoff); // input samples between the filter's zero crossings
  const half = Math.ceil(ZERO_CROSSINGS * spacing);
  const table = kernelTable(half, spacing, (2 * cutoff) / rate);
  const step = rate / SAMPLE_RATE;
  const out = new Int16Array(Math.floor(mono.length / step));
  for (let start = 0; start < out.length; start += SLICE) {
    const end = Math.min(out.length, start + SLICE);
    for (let n = start; n < end; n++) {
      const centre = n * step;
      const first = Math.max(0, Math.ceil(centre - half));
      const last = Math.min(mono.length - 1, Math.floor(centre + half));
      let sum = 0;
      for (let i = first; i <= last; i++) {
        const at = Math.abs(i - centre) * TABLE_STEPS;
        const k = at | 0;
        const a = table[k] as number;
        sum += (mono[i] as number) * (a + ((table[k + 1] ?? 0) - a) * (at - k));
      }
      out[n] = Math.max(-32768, Math.min(32767, Math.round(sum * 32767)));
    }
    await yieldToMedia();
  }
  return out;
}

function mixDown(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0] ?? new Float32Array(0);
  if (channels.length === 1) return first;
  const mono = new Float32Array(first.length);
  for (const channel of channels) for (let i = 0; i < mono.length; i++) mono[i] = (mono[i] as number) + (channel[i] as number);
  for (let i = 0; i < mono.length; i++) mono[i] = (mono[i] as number) / channels.length;
  return mono;
}

/** The windowed sinc's right half, `TABLE_STEPS` values per input sample, scaled for unity gain in the pass band. */
function kernelTable(half: number, spacing: number, gain: number): Float64Array {
  const table = new Float64Array(half * TABLE_STEPS + 2);
  for (let j = 0; j < table.length; j++) {
    const t = j / TABLE_STEPS;
    if (t >= half) continue;
    const x = t / spacing;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const w = 0.42 + 0.5 * Math.cos((Math.PI * t) / half) + 0.08 * Math.cos((2 * Math.PI * t) / half);
    table[j] = gain * sinc * w;
  }
  return table;
}
