import { type ReportBlock, type RtcpPacket, type SenderInfo, serializeReport } from "./rtcp-packet.ts";
import type { ReceiveStatistics } from "./receive-stats.ts";

/** How the far end says our stream reaches it, from the last report block about our SSRC. */
export type RemoteReport = {
  readonly fractionLost: number;
  readonly cumulativeLost: number;
  readonly jitterMs: number;
  /** Round trip from its LSR/DLSR fields (RFC 3550 §6.4.1); null until it echoes one of our sender reports. */
  readonly roundTripMs: number | null;
};

const NTP_EPOCH_OFFSET = 2_208_988_800;

/** Wall-clock time as NTP seconds and fraction, as RFC 3550 sender reports carry it. */
function ntpNow(): { seconds: number; fraction: number } {
  const ms = performance.timeOrigin + performance.now();
  const seconds = Math.floor(ms / 1000);
  return { seconds: (seconds + NTP_EPOCH_OFFSET) >>> 0, fraction: Math.floor(((ms % 1000) / 1000) * 0x100000000) >>> 0 };
}

/** The middle 32 bits of an NTP time: what LSR and DLSR are measured in (1/65536 s). */
const middle = (seconds: number, fraction: number) => (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;

/** Builds our RTCP reports and reads the far end's: one per RTP session. */
export class RtcpReporter {
  #lastSr: { middle: number; at: number } | null = null;
  #remote: RemoteReport | null = null;

  constructor(
    private readonly ssrc: number,
    private readonly cname: string,
    private readonly clockRate = 8000,
  ) {}

  get remote(): RemoteReport | null {
    return this.#remote;
  }

  /** An SR when we have sent media, else an RR, with a block about the stream we receive (if any). */
  build(stats: ReceiveStatistics, sent: { packets: number; octets: number; timestamp: number } | null, now: number): Uint8Array {
    const delay = this.#lastSr ? Math.round(((now - this.#lastSr.at) / 1000) * 65536) >>> 0 : 0;
    const block = stats.reportBlock(this.#lastSr?.middle ?? 0, delay);
    const ntp = ntpNow();
    const sender: SenderInfo | undefined = sent
      ? {
          ntpSeconds: ntp.seconds,
          ntpFraction: ntp.fraction,
          rtpTimestamp: sent.timestamp,
          packetCount: sent.packets >>> 0,
          octetCount: sent.octets >>> 0,
        }
      : undefined;
    return serializeReport({ ssrc: this.ssrc, sender, reports: block ? [block] : [], cname: this.cname });
  }

  /** Takes in a received compound packet: remembers its SR time and any block about our stream. */
  receive(packets: readonly RtcpPacket[], now: number): void {
    for (const packet of packets) {
      if (packet.type === "sr") this.#lastSr = { middle: middle(packet.sender.ntpSeconds, packet.sender.ntpFraction), at: now };
      if (packet.type !== "sr" && packet.type !== "rr") continue;
      const block = packet.reports.find((r) => r.ssrc === this.ssrc);
      if (block) this.#remote = this.toRemote(block);
    }
  }

  private toRemote(block: ReportBlock): RemoteReport {
    let roundTripMs: number | null = null;
    if (block.lastSenderReport !== 0) {
      const ntp = ntpNow();
      const units = (middle(ntp.seconds, ntp.fraction) - block.lastSenderReport - block.delaySinceLastSenderReport) >>> 0;
      // A result above a minute means clocks or fields are off; better no figure than a wrong one.
      roundTripMs = units < 60 * 65536 ? (units / 65536) * 1000 : null;
    }
    return {
      fractionLost: block.fractionLost / 256,
      cumulativeLost: block.cumulativeLost,
      jitterMs: (block.jitter / this.clockRate) * 1000,
      roundTripMs,
    };
  }
}
