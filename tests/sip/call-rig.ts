/** A call service on loopback with a raw UDP SIP peer as the provider, an RTP peer for its media and fake phones. */
import { type AgentPhoneLeg, type CallMedia, CallService, type OutsideLine, rtpCallMedia, type Colleague } from "../../src/calls/index.ts";
import type { AudioFrame, DtmfDigit, G711Codec, LegStats } from "../../src/media/index.ts";
import { RtpTestPeer } from "../support/rtp-peer.ts";
import { getSettings } from "../../src/settings/index.ts";
import { QueueSounds } from "../../src/calls/queue-sounds.ts";
import { ManualClock, silentLogger } from "../../src/shared/index.ts";
import { SipEndpoint } from "../../src/sip/index.ts";
import { insertQueue, insertUser } from "../support/fixtures.ts";
import { makeTestApp } from "../support/harness.ts";
import { DID, Provider } from "./call-provider.ts";
import { udpPeer, waitFor } from "./support.ts";

export { DID };

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

export type RigOptions = {
  maxCalls?: number;
  mediaTimeoutMs?: number;
  media?: (real: CallMedia) => CallMedia;
  /** The trunk's answer for a dialled number (outside calls). */
  outsideLine?: (dialled: string) => Promise<OutsideLine>;
  /** Agents reachable by extension (internal calls). */
  colleague?: (extension: string) => Colleague | null;
  /** The departments' own sounds from the database (uploads, announcements, closed hours); the built-in music without. */
  queueSounds?: boolean;
};

export async function callRig(options: RigOptions = {}) {
  const clock = new ManualClock();
  const endpoint = await SipEndpoint.start({ host: "127.0.0.1", udpPort: 0, tcpPort: null, clock });
  const real = rtpCallMedia({ host: "127.0.0.1", address: "127.0.0.1", log: silentLogger, range: { first: 30_000, last: 39_999 } });
  const phones = new Map<string, FakePhone>();
  let queueId = "";
  const t = makeTestApp(
    {},
    {
      clock,
      calls: (deps) =>
        new CallService({
          endpoint,
          routing: deps.routing,
          bus: deps.bus,
          clock,
          log: silentLogger,
          media: options.media ? options.media(real) : real,
          route: (did) => (did === DID ? { kind: "queue", queueId, name: "Sales line" } : null),
          attachedFields: () => getSettings(deps.db).attachedFields,
          phone: (id) => phones.get(id) ?? null,
          maxCalls: options.maxCalls,
          mediaTimeoutMs: options.mediaTimeoutMs,
          outsideLine: options.outsideLine,
          colleague: options.colleague,
          sounds: options.queueSounds ? new QueueSounds(deps.db, clock, silentLogger) : undefined,
        }),
    },
  );
  const calls = t.deps.calls as CallService;
  const agentId = insertUser(t.db, { username: "ann" });
  queueId = insertQueue(t.db, { name: "Sales line", channel: "voice", members: [agentId] });
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
      t.cleanup(); // the call service stops with the appliance, while its endpoint still runs
      endpoint.close();
      sip.close();
      rtp.close();
    },
  };
}

export type Rig = Awaited<ReturnType<typeof callRig>>;
export { answeredPort, offerSdp, Provider } from "./call-provider.ts";
export { waitFor };
