import type { Direction } from "./sdp-parse.ts";

/** One `m=` section to write. Formats come with their rtpmap/fmtp lines; a rejected stream has port 0. */
export type MediaToWrite = {
  readonly kind: string;
  readonly port: number;
  readonly protocol: string;
  readonly formats: readonly { readonly payloadType: string; readonly rtpmap?: string; readonly fmtp?: string }[];
  readonly direction?: Direction;
  readonly ptime?: number;
};

export type SdpToWrite = {
  readonly sessionId: string;
  readonly version: number;
  readonly address: string;
  readonly media: readonly MediaToWrite[];
};

export function serializeSdp(sdp: SdpToWrite): string {
  const ip = sdp.address.includes(":") ? "IP6" : "IP4";
  const lines = ["v=0", `o=- ${sdp.sessionId} ${sdp.version} IN ${ip} ${sdp.address}`, "s=-", `c=IN ${ip} ${sdp.address}`, "t=0 0"];
  for (const m of sdp.media) {
    lines.push(`m=${m.kind} ${m.port} ${m.protocol} ${m.formats.map((f) => f.payloadType).join(" ")}`);
    if (m.port === 0) continue;
    for (const f of m.formats) {
      if (f.rtpmap) lines.push(`a=rtpmap:${f.payloadType} ${f.rtpmap}`);
      if (f.fmtp) lines.push(`a=fmtp:${f.payloadType} ${f.fmtp}`);
    }
    if (m.ptime) lines.push(`a=ptime:${m.ptime}`);
    if (m.direction) lines.push(`a=${m.direction}`);
  }
  return `${lines.join("\r\n")}\r\n`;
}
