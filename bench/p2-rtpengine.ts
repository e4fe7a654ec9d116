/**
 * The P2 load through rtpengine, the reference relay (issue 5): N calls, each a plain RTP far end on one side and
 * a werift peer over ICE + DTLS-SRTP on the other, the same generator and 20 ms PCMU frames as bench/p2.ts
 * (bench/p2-level.ts), set up through rtpengine's ng protocol on loopback (bench/ng-client.ts), no SIP.
 * rtpengine runs userspace only (table = -1), as ../shared/bench-notes/rtpengine.md describes.
 * Needs the Debian package (bench only, not in .ci/run): apt-get install -y --no-install-recommends rtpengine-daemon
 * Usage: bun bench/p2-rtpengine.ts [--levels 50,100,200] [--seconds 20]
 * (bun bench/p2.ts --rtpengine runs each level through both and prints the CPU ratio.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { RTCPeerConnection } from "werift";
import { codecParameters } from "../src/media/webrtc-config.ts";
import { freePort, type Running, start, waitForOutput } from "../tests/process-helpers.ts";
import { detailLine, loadavg, type Measured, TABLE_HEAD, tableRow, Traffic } from "./p2-level.ts";
import { NgClient } from "./ng-client.ts";
import { FarEnd } from "./rtp-far-ends.ts";
import { WebrtcEnd } from "./webrtc-end.ts";

const CONNECT_MS = 3_000;
const ATTEMPTS = 4;

function startRtpengine(dir: string, ngPort: number): Running {
  const config = [
    "[rtpengine]",
    "table = -1",
    "interface = 127.0.0.1",
    `listen-ng = 127.0.0.1:${ngPort}`,
    "foreground = true",
    "log-stderr = true",
    "log-level = 6", // "Startup complete" is logged at 6; nothing per packet
    "port-min = 40000",
    "port-max = 49999",
    "num-threads = 2",
    "timeout = 60",
    "delete-delay = 0",
  ];
  writeFileSync(join(dir, "rtpengine.conf"), `${config.join("\n")}\n`);
  return start(["rtpengine", `--config-file=${join(dir, "rtpengine.conf")}`, `--pidfile=${join(dir, "rtpengine.pid")}`], { cwd: dir });
}

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

type RelayedCall = { id: string; far: FarEnd; end: WebrtcEnd; pc: RTCPeerConnection };

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

async function setUpAll(ng: NgClient, calls: number, window: () => number): Promise<RelayedCall[]> {
  const set: RelayedCall[] = [];
  let next = 0;
  const lane = async () => {
    while (next < calls) {
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

/** N calls through a fresh rtpengine, measured for `seconds` after they all flow both ways. */
export async function runRtpengineLevel(calls: number, seconds: number): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), "sb-bench-rtpengine-"));
  const ngPort = freePort();
  const rtpengine = startRtpengine(dir, ngPort);
  const traffic = new Traffic();
  let ng: NgClient | null = null;
  let relayed: RelayedCall[] = [];
  try {
    await waitForOutput(rtpengine, /Startup complete/, 15_000);
    ng = await NgClient.open(ngPort);
    await ng.request({ command: "ping" });
    relayed = await setUpAll(ng, calls, traffic.currentWindow);
    traffic.start(
      relayed.map((c) => c.far),
      relayed.map((c) => c.end),
    );
    const deadline = performance.now() + 10_000;
    while (traffic.bridged() < relayed.length && performance.now() < deadline) await Bun.sleep(100);
    return await traffic.measure(rtpengine.proc.pid, seconds);
  } finally {
    traffic.stop();
    for (const c of relayed) await ng?.request({ command: "delete", "call-id": c.id }).catch(() => {});
    await Promise.all(relayed.map((c) => c.pc.close().catch(() => {})));
    for (const c of relayed) c.far.close();
    ng?.close();
    await rtpengine.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: { levels: { type: "string", default: "50,100,200" }, seconds: { type: "string", default: "20" } },
  });
  console.log(TABLE_HEAD.join("\n"));
  for (const calls of values.levels.split(",").map(Number)) {
    const load = loadavg();
    const m = await runRtpengineLevel(calls, Number(values.seconds));
    console.log(tableRow("rtpengine", calls, m, load));
    console.log(detailLine(m));
  }
}
