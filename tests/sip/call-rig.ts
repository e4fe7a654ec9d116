/** A call service on loopback with a raw UDP SIP peer as the provider, an RTP peer for its media and fake phones. */
import { type AgentPhoneLeg, type CallMedia, CallService, rtpCallMedia } from "../../src/calls/index.ts";
import type { AudioFrame, DtmfDigit, G711Codec, LegStats } from "../../src/media/index.ts";
import { RtpTestPeer } from "../../src/media/rtp-test-peer.ts";
import { silentLogger } from "../../src/shared/index.ts";
import { SipEndpoint } from "../../src/sip/index.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { makeTestApp } from "../support/harness.ts";
import { udpPeer, waitFor } from "./support.ts";

export const DID = "+41441234567";

/** An agent's phone in memory: keeps what the call sends it and says what the test tells it to. */
export class FakePhone implements AgentPhoneLeg {
  readonly id = `fake-${crypto.randomUUID()}`;
  readonly kind = "webrtc";
  readonly codec: G711Codec = "PCMU";
  readonly heard: AudioFrame[] = [];
  state: AgentPhoneLeg["state"] = "ready";
  closed = false;
  #listener: ((frame: AudioFrame) => void) | null = null;
  #watchers = new Set<(state: AgentPhoneLeg["state"]) => void>();
  #timestamp = 0;
  onStateChange(listener: (state: AgentPhoneLeg["state"]) => void) {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }
  /** The phone's state changes, as the registry would change it (away on a reload, off when unregistered). */
  setState(state: AgentPhoneLeg["state"]) {
    this.state = state;
    for (const watcher of this.#watchers) watcher(state);
  }
  sendFrame(frame: AudioFrame) {
    this.heard.push(frame);
  }
  sendDtmf(_digit: DtmfDigit) {}
  onFrame(listener: ((frame: AudioFrame) => void) | null) {
    this.#listener = listener;
  }
  onDtmf() {}
  stats(): LegStats {
    const none = { packets: 0, bytes: 0, lost: 0, jitterMs: 0, discarded: 0, lastPacketAt: null };
    return { received: none, sent: { packets: this.heard.length, bytes: 0, errors: 0 } };
  }
  close() {
    this.closed = true;
  }
  say(fill: number) {
    this.#timestamp += 160;
    this.#listener?.({ codec: "PCMU", payload: new Uint8Array(160).fill(fill), source: 7, timestamp: this.#timestamp, marker: false });
  }
}

export type RigOptions = { maxCalls?: number; mediaTimeoutMs?: number; media?: (real: CallMedia) => CallMedia };

export async function callRig(options: RigOptions = {}) {
  const t = makeTestApp();
  const agentId = insertUser(t.db, { username: "ann" });
  const queueId = insertQueue(t.db, { name: "Sales line", channel: "voice", members: [agentId] });
  const endpoint = await SipEndpoint.start({ host: "127.0.0.1", udpPort: 0, tcpPort: null, clock: t.clock });
  const real = rtpCallMedia({ host: "127.0.0.1", address: "127.0.0.1", log: silentLogger, range: { first: 30_000, last: 39_999 } });
  const phones = new Map<string, FakePhone>();
  const calls = new CallService({
    endpoint,
    routing: t.deps.routing,
    bus: t.deps.bus,
    clock: t.clock,
    log: silentLogger,
    media: options.media ? options.media(real) : real,
    route: (did) => (did === DID ? { kind: "queue", queueId, name: "Sales line" } : null),
    phone: (id) => phones.get(id) ?? null,
    maxCalls: options.maxCalls,
    mediaTimeoutMs: options.mediaTimeoutMs,
  });
  endpoint.handlers = {
    onRequest: (request, tx) => {
      if (calls.onDialogRequest(request, tx)) return;
      if (request.method === "INVITE") calls.onInvite(request, tx);
      else tx.respond(481);
    },
  };
  const sip = await udpPeer();
  const rtp = await RtpTestPeer.open();
  const sipPort = endpoint.local("UDP")?.port ?? 0;
  return {
    t,
    agentId,
    queueId,
    calls,
    phones,
    sip,
    rtp,
    sipPort,
    provider: new Provider(sip, rtp, sipPort),
    close() {
      calls.stop();
      endpoint.close();
      sip.close();
      rtp.close();
      t.cleanup();
    },
  };
}

export type Rig = Awaited<ReturnType<typeof callRig>>;
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

export { waitFor };
