import { fail, ok, type Result } from "./result.ts";
import { putWord, word } from "./rtp-packet.ts";

/** One reception report block (RFC 3550 §6.4.1): how one sender's stream arrived. */
export type ReportBlock = {
  readonly ssrc: number;
  /** Fraction of packets lost since the previous report, as a fixed-point number out of 256. */
  readonly fractionLost: number;
  /** Packets lost since the start (signed 24 bits: duplicates can make it negative). */
  readonly cumulativeLost: number;
  readonly highestSequence: number;
  /** Interarrival jitter in timestamp units. */
  readonly jitter: number;
  readonly lastSenderReport: number;
  readonly delaySinceLastSenderReport: number;
};

export type SenderInfo = {
  readonly ntpSeconds: number;
  readonly ntpFraction: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
};

export type RtcpPacket =
  | { readonly type: "sr"; readonly ssrc: number; readonly sender: SenderInfo; readonly reports: readonly ReportBlock[] }
  | { readonly type: "rr"; readonly ssrc: number; readonly reports: readonly ReportBlock[] }
  | { readonly type: "bye"; readonly ssrcs: readonly number[] }
  | { readonly type: "other"; readonly packetType: number };

const SR = 200;
const RR = 201;
const SDES = 202;
const BYE = 203;
const BLOCK = 24;

/** Parses a compound RTCP datagram (RFC 3550 §6.1); every length is checked before it is trusted. */
export function parseRtcp(bytes: Uint8Array): Result<RtcpPacket[]> {
  const packets: RtcpPacket[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length) return fail("truncated RTCP header");
    const b0 = bytes[at] as number;
    if (b0 >> 6 !== 2) return fail("not RTCP version 2");
    const end = at + (((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number)) * 4 + 4;
    if (end > bytes.length) return fail("RTCP length runs past the end");
    if (b0 & 0x20 && end !== bytes.length) return fail("padding before the last RTCP packet");
    const packet = parseOne(bytes.subarray(at, end), b0 & 0x1f, bytes[at + 1] as number);
    if (!packet.ok) return packet;
    packets.push(packet.value);
    at = end;
  }
  if (packets.length === 0) return fail("empty RTCP datagram");
  return ok(packets);
}

function parseOne(bytes: Uint8Array, count: number, packetType: number): Result<RtcpPacket> {
  if (packetType === SR || packetType === RR) {
    const blocksAt = packetType === SR ? 28 : 8;
    if (blocksAt + count * BLOCK > bytes.length) return fail("report blocks run past the packet");
    const ssrc = word(bytes, 4);
    const reports = Array.from({ length: count }, (_, i) => parseBlock(bytes, blocksAt + i * BLOCK));
    if (packetType === RR) return ok({ type: "rr", ssrc, reports });
    const sender = {
      ntpSeconds: word(bytes, 8),
      ntpFraction: word(bytes, 12),
      rtpTimestamp: word(bytes, 16),
      packetCount: word(bytes, 20),
      octetCount: word(bytes, 24),
    };
    return ok({ type: "sr", ssrc, sender, reports });
  }
  if (packetType === BYE) {
    if (4 + count * 4 > bytes.length) return fail("BYE sources run past the packet");
    return ok({ type: "bye", ssrcs: Array.from({ length: count }, (_, i) => word(bytes, 4 + i * 4)) });
  }
  return ok({ type: "other", packetType });
}

function parseBlock(bytes: Uint8Array, at: number): ReportBlock {
  const lost = ((bytes[at + 5] as number) << 16) | ((bytes[at + 6] as number) << 8) | (bytes[at + 7] as number);
  return {
    ssrc: word(bytes, at),
    fractionLost: bytes[at + 4] as number,
    cumulativeLost: lost & 0x800000 ? lost - 0x1000000 : lost,
    highestSequence: word(bytes, at + 8),
    jitter: word(bytes, at + 12),
    lastSenderReport: word(bytes, at + 16),
    delaySinceLastSenderReport: word(bytes, at + 20),
  };
}

export type ReportInit = {
  readonly ssrc: number;
  readonly sender?: SenderInfo;
  readonly reports: readonly ReportBlock[];
  readonly cname: string;
};

/** A compound packet as RFC 3550 §6.1 requires: SR (when we sent media) or RR, then SDES with our CNAME. */
export function serializeReport(init: ReportInit): Uint8Array {
  const reports = init.reports.slice(0, 31);
  const head = (init.sender ? 28 : 8) + reports.length * BLOCK;
  const cname = new TextEncoder().encode(init.cname).subarray(0, 255);
  const sdes = Math.ceil((4 + 4 + 2 + cname.length + 1) / 4) * 4;
  const out = new Uint8Array(head + sdes);
  writeHeader(out, 0, reports.length, init.sender ? SR : RR, head);
  putWord(out, 4, init.ssrc);
  if (init.sender) {
    const s = init.sender;
    [s.ntpSeconds, s.ntpFraction, s.rtpTimestamp, s.packetCount, s.octetCount].forEach((v, i) => {
      putWord(out, 8 + i * 4, v);
    });
  }
  reports.forEach((block, i) => {
    writeBlock(out, head - (reports.length - i) * BLOCK, block);
  });
  writeHeader(out, head, 1, SDES, sdes);
  putWord(out, head + 4, init.ssrc);
  out[head + 8] = 1; // CNAME; the zero octets after it end the item list and pad the chunk
  out[head + 9] = cname.length;
  out.set(cname, head + 10);
  return out;
}

function writeHeader(out: Uint8Array, at: number, count: number, packetType: number, bytes: number): void {
  out[at] = 0x80 | count;
  out[at + 1] = packetType;
  out[at + 2] = ((bytes / 4 - 1) >> 8) & 0xff;
  out[at + 3] = (bytes / 4 - 1) & 0xff;
}

function writeBlock(out: Uint8Array, at: number, block: ReportBlock): void {
  putWord(out, at, block.ssrc);
  const lost = Math.max(-0x800000, Math.min(0x7fffff, block.cumulativeLost)) & 0xffffff;
  putWord(out, at + 4, ((block.fractionLost & 0xff) << 24) | lost);
  putWord(out, at + 8, block.highestSequence);
  putWord(out, at + 12, block.jitter);
  putWord(out, at + 16, block.lastSenderReport);
  putWord(out, at + 20, block.delaySinceLastSenderReport);
}
