import { afterEach, describe, expect, test } from "bun:test";
import { RTCPeerConnection, RTCRtpCodecParameters } from "werift";
import type { AudioFrame, G711Codec } from "./leg.ts";
import { answerWebrtcOffer, type WebrtcLeg } from "./webrtc-leg.ts";
import { weriftSocketErrors } from "./webrtc-sockets.ts";
import { BrowserLikePeer, weriftSockets } from "../../tests/support/webrtc-peer.ts";

const closers: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function until(what: string, ok: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

/** A server leg and a browser-like peer, signalled directly with trickle both ways. */
async function connectedPair(codecs?: G711Codec[]) {
  const browser = await BrowserLikePeer.create();
  closers.push(() => browser.close());
  const onLocalCandidate = (c: { candidate: string }) => void browser.pc.addIceCandidate(c);
  const { leg, sdp } = await answerWebrtcOffer(await browser.offer(), { hostAddress: "127.0.0.1", codecs, onLocalCandidate });
  closers.push(() => leg.close());
  browser.onCandidate((c) => void leg.addRemoteCandidate(c));
  await browser.accept(sdp);
  await until("the connection", () => leg.state === "connected" && browser.pc.connectionState === "connected");
  return { leg, browser, answer: sdp };
}

const frame = (leg: WebrtcLeg, i: number, fill: number): AudioFrame => ({
  codec: leg.codec,
  payload: new Uint8Array(160).fill(fill),
  source: 42,
  timestamp: i * 160,
  marker: i === 0,
});

describe("answerWebrtcOffer", () => {
  test("answers with G.711 only, as ICE-lite, with candidates on the configured address only", async () => {
    const { answer, leg } = await connectedPair();
    expect(leg.codec).toBe("PCMU");
    expect(leg.kind).toBe("webrtc");
    expect(answer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 8\r$/m);
    expect(answer).not.toMatch(/opus|VP8|H264/i);
    expect(answer).toContain("a=ice-lite");
    const hosts = [...answer.matchAll(/^a=candidate:\S+ \d \S+ \d+ (\S+) /gm)].map((m) => m[1]);
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts)).toEqual(new Set(["127.0.0.1"]));
  });

  test("carries 20 ms frames both ways over DTLS-SRTP on loopback", async () => {
    const { leg, browser } = await connectedPair();
    const fromBrowser: AudioFrame[] = [];
    leg.onFrame((f) => fromBrowser.push(f));
    for (let i = 0; i < 60; i++) {
      leg.sendFrame(frame(leg, i, 0x7f));
      browser.sendFrame(0x55);
      if (i % 10 === 9) await Bun.sleep(5);
    }
    await until("frames both ways", () => fromBrowser.length >= 55 && browser.framesReceived >= 55);
    expect(fromBrowser[0]?.payload).toEqual(new Uint8Array(160).fill(0x55));
    expect(fromBrowser[0]?.codec).toBe("PCMU");
    const stats = leg.stats();
    expect(stats.received.packets).toBe(fromBrowser.length);
    expect(stats.sent.packets).toBe(60);
    expect(stats.sent.bytes).toBe(60 * 160);
  });

  test("follows the configured codec preference", async () => {
    const { leg, answer } = await connectedPair(["PCMA", "PCMU"]);
    expect(leg.codec).toBe("PCMA");
    expect(answer).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 8 0\r$/m);
  });

  test("sends nothing once closed, and closing twice is harmless", async () => {
    const { leg, browser } = await connectedPair();
    leg.close();
    leg.close();
    leg.sendFrame(frame(leg, 0, 0x7f));
    expect(leg.closed).toBe(true);
    expect(leg.stats().sent.packets).toBe(0);
    expect(browser.framesReceived).toBe(0);
  });

  test("a public (NAT) address is offered as one more host candidate; media still flows on the bound address", async () => {
    const browser = await BrowserLikePeer.create();
    closers.push(() => browser.close());
    const PUBLIC = "203.0.113.7";
    // The public candidates are counted but kept from the test peer: its checks would leave loopback.
    const trickled: string[] = [];
    const onLocalCandidate = (c: { candidate: string }) => {
      trickled.push(c.candidate.split(" ")[4] ?? "");
      if (!c.candidate.includes(PUBLIC)) void browser.pc.addIceCandidate(c);
    };
    const net = { hostAddress: "127.0.0.1", publicAddress: PUBLIC, onLocalCandidate };
    const { leg, sdp } = await answerWebrtcOffer(await browser.offer(), net);
    closers.push(() => leg.close());
    const hosts = [...sdp.matchAll(/^a=candidate:\S+ \d \S+ \d+ (\S+) /gm)].map((m) => m[1]);
    expect(new Set([...hosts, ...trickled])).toEqual(new Set(["127.0.0.1", PUBLIC]));
    browser.onCandidate((c) => void leg.addRemoteCandidate(c));
    await browser.accept(sdp.replace(new RegExp(`^a=candidate:.* ${PUBLIC.replaceAll(".", "\\.")} .*\r\n`, "gm"), ""));
    await until("the connection", () => leg.state === "connected");
    for (let i = 0; i < 30; i++) leg.sendFrame(frame(leg, i, 0x7f));
    await until("frames at the browser", () => browser.framesReceived >= 25);
  });

  test("refuses an offer without PCMU or PCMA", async () => {
    const opus = new RTCRtpCodecParameters({ mimeType: "audio/opus", clockRate: 48000, channels: 2, payloadType: 111 });
    const offerer = new RTCPeerConnection({ codecs: { audio: [opus] }, iceServers: [{ urls: "stun:127.0.0.1:9" }] });
    offerer.addTransceiver("audio", { direction: "sendrecv" });
    closers.push(() => offerer.close());
    const offer = await offerer.createOffer();
    await expect(answerWebrtcOffer(offer.sdp, { hostAddress: "127.0.0.1" })).rejects.toThrow("neither PCMU nor PCMA");
  });
});

describe("a far end that vanishes mid-call", () => {
  test("every werift socket has an error listener: a refused datagram is counted, not thrown, and media goes on", async () => {
    const { leg, browser } = await connectedPair();
    const sockets = weriftSockets((leg as unknown as { pc: RTCPeerConnection }).pc);
    expect(sockets.length).toBeGreaterThan(0);
    const before = weriftSocketErrors();
    // What Bun raises when an ICMP port-unreachable comes back from a page that went away.
    for (const socket of sockets) socket.emit("error", Object.assign(new Error("recvmsg ECONNREFUSED"), { code: "ECONNREFUSED" }));
    expect(weriftSocketErrors()).toBe(before + sockets.length);
    for (let i = 0; i < 30; i++) leg.sendFrame(frame(leg, i, 0x7f));
    await until("frames after the error", () => browser.framesReceived >= 25);
  });

  test("the leg keeps sending, without a crash, after the browser dropped off the network", async () => {
    const { leg, browser } = await connectedPair();
    browser.vanish();
    for (let i = 0; i < 40; i++) {
      leg.sendFrame(frame(leg, i, 0x7f));
      await Bun.sleep(5);
    }
    expect(leg.closed).toBe(false);
    expect(leg.stats().sent.packets).toBe(40);
  });
});
