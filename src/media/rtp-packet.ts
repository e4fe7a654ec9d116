import { fail, ok, type Result } from "./result.ts";

/** An RTP header extension (RFC 3550 §5.3.1): a profile-defined word and whole 32-bit words of data. */
export type RtpExtension = { readonly profile: number; readonly data: Uint8Array };

/** One RTP packet (RFC 3550 §5.1). `payload` is a view into the received datagram, not a copy. */
export type RtpPacket = {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequence: number;
  readonly timestamp: number;
  readonly ssrc: number;
  readonly csrcs: readonly number[];
  readonly extension: RtpExtension | null;
  readonly payload: Uint8Array;
  /** Octets of padding that followed the payload (0 when the P bit was clear). */
  readonly padding: number;
};

export type RtpPacketInit = Omit<RtpPacket, "csrcs" | "extension" | "padding"> &
  Partial<Pick<RtpPacket, "csrcs" | "extension" | "padding">>;

const FIXED_HEADER = 12;
/** Shared by every parsed packet without CSRCs (nearly all): one array less per packet. Never pushed to. */
const NO_CSRCS: number[] = Object.freeze([]) as unknown as number[];

/** The first octet of RTP (and RTCP) carries version 2 in its top two bits. */
export function isVersion2(bytes: Uint8Array): boolean {
  return bytes.length > 0 && (bytes[0] as number) >> 6 === 2;
}

/** RTCP packet types 192–223 (RFC 5761 §4) share the second octet with RTP's marker and payload type. */
export function looksLikeRtcp(bytes: Uint8Array): boolean {
  const type = bytes[1] ?? 0;
  return isVersion2(bytes) && type >= 192 && type <= 223;
}

export function parseRtp(bytes: Uint8Array): Result<RtpPacket> {
  if (bytes.length < FIXED_HEADER) return fail("shorter than the RTP header");
  const b0 = bytes[0] as number;
  const b1 = bytes[1] as number;
  if (b0 >> 6 !== 2) return fail("not RTP version 2");
  const csrcCount = b0 & 0x0f;
  let offset = FIXED_HEADER + csrcCount * 4;
  if (offset > bytes.length) return fail("CSRC list runs past the end");
  const csrcs: number[] = csrcCount ? [] : NO_CSRCS;
  for (let at = FIXED_HEADER; at < offset; at += 4) csrcs.push(word(bytes, at));
  let extension: RtpExtension | null = null;
  if (b0 & 0x10) {
    if (offset + 4 > bytes.length) return fail("extension header runs past the end");
    const length = ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number);
    const end = offset + 4 + length * 4;
    if (end > bytes.length) return fail("extension runs past the end");
    extension = { profile: ((bytes[offset] as number) << 8) | (bytes[offset + 1] as number), data: bytes.subarray(offset + 4, end) };
    offset = end;
  }
  let padding = 0;
  if (b0 & 0x20) {
    padding = bytes[bytes.length - 1] as number;
    if (padding === 0 || offset + padding > bytes.length) return fail("padding length out of range");
  }
  return ok({
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequence: ((bytes[2] as number) << 8) | (bytes[3] as number),
    timestamp: word(bytes, 4),
    ssrc: word(bytes, 8),
    csrcs,
    extension,
    payload: bytes.subarray(offset, bytes.length - padding),
    padding,
  });
}

/** Writes a packet; values are masked to their field widths, so any numbers give a well-formed header. */
export function serializeRtp(packet: RtpPacketInit): Uint8Array {
  const csrcs = (packet.csrcs ?? []).slice(0, 15);
  const ext = packet.extension ?? null;
  const extBytes = ext ? 4 + Math.ceil(ext.data.length / 4) * 4 : 0;
  const padding = Math.min(255, Math.max(0, packet.padding ?? 0));
  const headerBytes = FIXED_HEADER + csrcs.length * 4 + extBytes;
  const out = new Uint8Array(headerBytes + packet.payload.length + padding);
  out[0] = 0x80 | (padding ? 0x20 : 0) | (ext ? 0x10 : 0) | csrcs.length;
  out[1] = (packet.marker ? 0x80 : 0) | (packet.payloadType & 0x7f);
  out[2] = (packet.sequence >> 8) & 0xff;
  out[3] = packet.sequence & 0xff;
  putWord(out, 4, packet.timestamp);
  putWord(out, 8, packet.ssrc);
  csrcs.forEach((csrc, i) => {
    putWord(out, FIXED_HEADER + i * 4, csrc);
  });
  if (ext) {
    const at = FIXED_HEADER + csrcs.length * 4;
    out[at] = (ext.profile >> 8) & 0xff;
    out[at + 1] = ext.profile & 0xff;
    out[at + 2] = ((extBytes - 4) / 4) >> 8;
    out[at + 3] = ((extBytes - 4) / 4) & 0xff;
    out.set(ext.data, at + 4);
  }
  out.set(packet.payload, headerBytes);
  if (padding) out[out.length - 1] = padding;
  return out;
}

/**
 * The common case of `serializeRtp` on the media path: a fixed 12-octet header and the payload, no CSRCs,
 * extension or padding. Same octets, without the intermediate packet object.
 */
export function serializeAudioRtp(
  header: { readonly ssrc: number; readonly sequence: number; readonly timestamp: number; readonly marker: boolean },
  payloadType: number,
  payload: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(FIXED_HEADER + payload.length);
  out[0] = 0x80;
  out[1] = (header.marker ? 0x80 : 0) | (payloadType & 0x7f);
  out[2] = (header.sequence >> 8) & 0xff;
  out[3] = header.sequence & 0xff;
  putWord(out, 4, header.timestamp);
  putWord(out, 8, header.ssrc);
  out.set(payload, FIXED_HEADER);
  return out;
}

export function word(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] as number) << 24) | ((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number)) >>> 0
  );
}

export function putWord(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}
