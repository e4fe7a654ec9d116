/**
 * Calls through rtpengine for bench/p2-rtpengine.ts, set up in a generator process (bench/p2-generator.ts): each a
 * plain RTP far end on one side and a werift peer over ICE + DTLS-SRTP on the other, through the ng protocol.
 */
import { RTCPeerConnection } from "werift";
import { codecParameters } from "../src/media/webrtc-config.ts";
import type { NgClient } from "./ng-client.ts";
import { FarEnd } from "./rtp-far-ends.ts";
import { WebrtcEnd } from "./webrtc-end.ts";

const CONNECT_MS = 3_000;
const ATTEMPTS = 4;

const plainSdp = (port: number, ssrc: number) =>
  [
    "v=0",
    "o=- 1 1 IN IP4 127.0.0.1",
    "s=-",
    "c=IN IP4 127.0.0.1",
    "t=0 0",
    `m=audio ${port} RTP/AVP 0`,
    "a=rtpmap:0 PCMU/8000",
    // werift delivers only RTP whose SSRC was signalled (or that carries a mid), and rtpengine keeps this one.
    `a=ssrc:${ssrc} cname:bench`,
    "a=sendrecv",
    "",
  ].join("\r\n");
const mediaPort = (sdp: string) => Number(/m=audio (\d+)/.exec(sdp)?.[1]);
const loopbackCandidatesOnly = (sdp: string) =>
  sdp
    .split("\r\n")
    .filter((l) => !l.startsWith("a=candidate") || l.includes(" 127.0.0.1 "))
    .join("\r\n");

export type RelayedCall = { id: string; far: FarEnd; end: WebrtcEnd; pc: RTCPeerConnection };

/** One call: the plain side offers, rtpengine turns it into a WebRTC offer, the werift peer answers. */
async function setUp(ng: NgClient, id: string, far: FarEnd, ssrc: number, window: () => number): Promise<RelayedCall | null> {
  const offer = await ng.request({
    command: "offer",
    "call-id": id,
    "from-tag": "plain",
    sdp: plainSdp(far.port, ssrc),
    "transport-protocol": "UDP/TLS/RTP/SAVPF",
    ICE: "force",
    DTLS: "passive",
    SDES: ["off"],
    "rtcp-mux": ["require"],
    // Without full-rtcp-attribute rtpengine writes a bare `a=rtcp:PORT`, which werift's parser refuses.
    flags: ["generate-mid", "full-rtcp-attribute"],
  });
  const pc = new RTCPeerConnection({
    codecs: { audio: codecParameters(["PCMU"]), video: [] },
    iceInterfaceAddresses: { udp4: "127.0.0.1" },
    iceAdditionalHostAddresses: ["127.0.0.1"],
    iceUseIpv6: false,
    iceUseTcp: false,
  });
  const end = new WebrtcEnd(window);
  pc.onTrack.subscribe((track) => end.hear(track));
  await pc.setRemoteDescription({ type: "offer", sdp: String(offer.sdp) });
  const transceiver = pc.getTransceivers()[0];
  if (!transceiver) throw new Error("rtpengine's offer has no audio");
  transceiver.setDirection("sendrecv");
  await pc.setLocalDescription(await pc.createAnswer());
  const answer = await ng.request({
    command: "answer",
    "call-id": id,
    "from-tag": "plain",
    "to-tag": "webrtc",
    sdp: loopbackCandidatesOnly(pc.localDescription?.sdp ?? ""),
    "transport-protocol": "RTP/AVP",
    ICE: "remove",
    "rtcp-mux": ["demux"],
  });
  far.target = mediaPort(String(answer.sdp));
  const deadline = performance.now() + CONNECT_MS;
  while (pc.connectionState !== "connected" && performance.now() < deadline) await Bun.sleep(20);
  if (pc.connectionState === "connected") {
    end.sender = transceiver.sender;
    return { id, far, end, pc };
  }
  // About one DTLS handshake in 25 stalls between werift and rtpengine: drop the call and set it up again.
  far.target = 0;
  await pc.close().catch(() => {});
  await ng.request({ command: "delete", "call-id": id }).catch(() => {});
  return null;
}

/** Calls number `first` to `first + calls - 1`, eight set up at a time; a call that fails every attempt is left out. */
export async function setUpRelayed(ng: NgClient, first: number, calls: number, window: () => number): Promise<RelayedCall[]> {
  const set: RelayedCall[] = [];
  let next = first;
  const lane = async () => {
    while (next < first + calls) {
      const n = next++;
      const far = await FarEnd.open(window, 0x6000 + n);
      let call: RelayedCall | null = null;
      for (let attempt = 1; !call && attempt <= ATTEMPTS; attempt++) call = await setUp(ng, `p2-${n}-${attempt}`, far, 0x6000 + n, window);
      if (call) set.push(call);
      else far.close();
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return set;
}
