/** The provider's side of a call over a raw UDP socket, for the call layer's tests. */
import type { RtpTestPeer } from "../support/rtp-peer.ts";
import type { udpPeer } from "./support.ts";

export const DID = "+41441234567";

type SipPeer = Awaited<ReturnType<typeof udpPeer>>;

/** The provider's side of one call, written by hand: INVITE, ACK, BYE, CANCEL and what came back. */
export class Provider {
  readonly callId = `call-${crypto.randomUUID()}@provider`;
  toHeader = "";
  constructor(
    readonly sip: SipPeer,
    readonly rtp: RtpTestPeer,
    readonly sipPort: number,
  ) {}

  invite(options: { did?: string; sdp?: string | null; headers?: string[]; branch?: string } = {}): void {
    const sdp = options.sdp === undefined ? offerSdp(this.rtp.port, [8, 0]) : options.sdp;
    this.send("INVITE", 1, [...(options.headers ?? []), ...(sdp ? ["Content-Type: application/sdp"] : [])], sdp ?? "", {
      uri: `sip:${options.did ?? DID}@127.0.0.1:${this.sipPort}`,
      branch: options.branch,
    });
  }

  ack(): void {
    this.send("ACK", 1, [], "", { to: this.toHeader });
  }

  bye(): void {
    this.send("BYE", 2, [], "", { to: this.toHeader });
  }

  /** A new offer within the call (hold from the provider's side, a new address). */
  reinvite(sdp: string): void {
    this.send("INVITE", 3, ["Content-Type: application/sdp"], sdp, { to: this.toHeader });
  }

  /** An INFO within the call (DTMF as `application/dtmf-relay` or `application/dtmf`); null type: no Content-Type. */
  info(contentType: string | null, body: string, seq: number): void {
    this.send("INFO", seq, contentType ? [`Content-Type: ${contentType}`] : [], body, { to: this.toHeader });
  }

  cancel(branch: string): void {
    this.send("CANCEL", 1, [], "", { branch });
  }

  /** The next SIP message received, as text. */
  async next(what: string): Promise<string> {
    return (await this.sip.next(what)).text;
  }

  /** Waits for a response with this status, skipping provisional ones; keeps its To for later requests. */
  async response(status: number): Promise<string> {
    for (;;) {
      const text = await this.next(`a ${status} response`);
      const got = Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1]);
      if (got === status) {
        this.toHeader = /^To: (.*)$/m.exec(text)?.[1]?.trim() ?? "";
        return text;
      }
      if (got >= 200 || !got) throw new Error(`expected ${status}, got:\n${text}`);
    }
  }

  private send(method: string, seq: number, extra: string[], body: string, o: { uri?: string; to?: string; branch?: string }): void {
    const uri = o.uri ?? `sip:${DID}@127.0.0.1:${this.sipPort}`;
    const lines = [
      `${method} ${uri} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${this.sip.port};branch=${o.branch ?? `z9hG4bK${crypto.randomUUID()}`};rport`,
      "Max-Forwards: 70",
      `From: "Carol Caller" <sip:+41799999999@127.0.0.1:${this.sip.port}>;tag=provider1`,
      `To: ${o.to || `<sip:${DID}@127.0.0.1>`}`,
      `Call-ID: ${this.callId}`,
      `CSeq: ${seq} ${method}`,
      `Contact: <sip:provider@127.0.0.1:${this.sip.port}>`,
      ...extra,
      `Content-Length: ${new TextEncoder().encode(body).length}`,
      "",
      body,
    ];
    this.sip.send(lines.join("\r\n"), this.sipPort);
  }
}

/** An SDP offer from the provider's RTP peer with these payload types (8 PCMA, 0 PCMU, 18 G.729) and DTMF. */
export function offerSdp(port: number, types: number[], direction = "sendrecv"): string {
  const maps: Record<number, string> = { 0: "PCMU/8000", 8: "PCMA/8000", 18: "G729/8000" };
  const lines = ["v=0", "o=provider 1 1 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0"];
  lines.push(`m=audio ${port} RTP/AVP ${[...types, 101].join(" ")}`);
  for (const t of types) lines.push(`a=rtpmap:${t} ${maps[t]}`);
  lines.push("a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", `a=${direction}`, "");
  return lines.join("\r\n");
}

/** Our RTP port, read from the SDP of a response. */
export function answeredPort(response: string): number {
  return Number(/^m=audio (\d+) /m.exec(response)?.[1]);
}
