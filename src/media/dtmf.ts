import type { DtmfDigit } from "./leg.ts";
import { fail, ok, type Result } from "./result.ts";

/** RFC 4733 §3.2: events 0–15 are the DTMF digits in this order. */
const DIGITS = "0123456789*#ABCD";

/** One telephone-event payload (RFC 4733 §2.3). Duration is in timestamp units (8 kHz samples). */
export type TelephoneEvent = { readonly event: number; readonly end: boolean; readonly volume: number; readonly duration: number };

export function isDtmfDigit(text: string): text is DtmfDigit {
  return text.length === 1 && DIGITS.includes(text);
}

export function eventOfDigit(digit: DtmfDigit): number {
  return DIGITS.indexOf(digit);
}

export function digitOfEvent(event: number): DtmfDigit | null {
  const digit = DIGITS[event];
  return digit && isDtmfDigit(digit) ? digit : null;
}

export function parseTelephoneEvent(payload: Uint8Array): Result<TelephoneEvent> {
  if (payload.length < 4) return fail("telephone-event payload shorter than 4 octets");
  const flags = payload[1] as number;
  return ok({
    event: payload[0] as number,
    end: (flags & 0x80) !== 0,
    volume: flags & 0x3f,
    duration: ((payload[2] as number) << 8) | (payload[3] as number),
  });
}

export function serializeTelephoneEvent(event: TelephoneEvent): Uint8Array {
  const duration = Math.max(0, Math.min(0xffff, event.duration));
  return new Uint8Array([event.event & 0xff, (event.end ? 0x80 : 0) | (event.volume & 0x3f), duration >> 8, duration & 0xff]);
}

/** One packet of an event as sent, one per 20 ms: the first has the marker bit, the last three the end bit. */
export type EventPacket = { readonly payload: Uint8Array; readonly marker: boolean };

/** Shortest and longest digits we send: shorter ones are missed by receivers, longer ones overflow the duration field. */
const MIN_MS = 40;
const MAX_MS = 5000;
export const DEFAULT_DTMF_MS = 160;

/**
 * The packets of one digit (RFC 4733 §2.5.1): a start packet, updates every 20 ms with the growing duration,
 * then the end packet sent three times (§2.5.1.4) so that losing one or two does not lose the end.
 */
export function eventPackets(digit: DtmfDigit, durationMs = DEFAULT_DTMF_MS, volume = 10): EventPacket[] {
  const ms = Math.max(MIN_MS, Math.min(MAX_MS, Math.round(durationMs / 20) * 20));
  const total = ms * 8;
  const event = eventOfDigit(digit);
  const packets: EventPacket[] = [];
  for (let duration = 160; duration < total; duration += 160) {
    packets.push({ payload: serializeTelephoneEvent({ event, end: false, volume, duration }), marker: packets.length === 0 });
  }
  const end = serializeTelephoneEvent({ event, end: true, volume, duration: total });
  for (let i = 0; i < 3; i++) packets.push({ payload: end, marker: packets.length === 0 });
  return packets;
}

/**
 * Reports each received event once, however many packets carry it: all packets of one event share its RTP
 * timestamp (RFC 4733 §2.5.1.1), so a timestamp already seen is a continuation, an end or a retransmission.
 */
export class DtmfDetector {
  readonly #seen: number[] = [];

  /** The digit when this packet starts a new event; null for the rest of an event and for non-DTMF events. */
  feed(timestamp: number, payload: Uint8Array): DtmfDigit | null {
    const parsed = parseTelephoneEvent(payload);
    if (!parsed.ok || this.#seen.includes(timestamp)) return null;
    this.#seen.push(timestamp);
    // Remembering a few events is enough: reordering never spans more than that.
    if (this.#seen.length > 8) this.#seen.shift();
    return digitOfEvent(parsed.value.event);
  }
}
