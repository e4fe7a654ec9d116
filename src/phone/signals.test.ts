import { describe, expect, test } from "bun:test";
import { mediaNetwork } from "./registry.ts";
import { BadSignal, parseSignal } from "./signals.ts";

describe("parseSignal", () => {
  test("reads simple-peer's offer and candidate objects and a hangup", () => {
    expect(parseSignal(JSON.stringify({ type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" }))).toEqual({
      type: "offer",
      sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n",
    });
    const candidate = { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", sdpMid: "0", sdpMLineIndex: 0 };
    expect(parseSignal(JSON.stringify({ type: "candidate", candidate }))).toEqual({ type: "candidate", candidate });
    expect(parseSignal(JSON.stringify({ type: "candidate", candidate: { candidate: "" } }))).toEqual({
      type: "candidate",
      candidate: { candidate: "", sdpMid: null, sdpMLineIndex: null },
    });
    expect(parseSignal('{"type":"hangup","extra":1}')).toEqual({ type: "hangup" });
  });

  const bad: [string, string][] = [
    ["[1,2]", "Message is not an object"],
    ["null", "Message is not an object"],
    ['{"type":"ready"}', "Unknown message type"],
    ['{"type":"offer","sdp":42}', "Offer is not a session description"],
    ['{"type":"candidate","candidate":"x"}', "Candidate is not an object"],
    ['{"type":"candidate","candidate":{"candidate":"a","sdpMid":7}}', "Candidate has a bad sdpMid"],
    ['{"type":"candidate","candidate":{"candidate":"a","sdpMLineIndex":-1}}', "Candidate has a bad sdpMLineIndex"],
    ['{"type":"candidate","candidate":{"candidate":"a","sdpMLineIndex":1.5}}', "Candidate has a bad sdpMLineIndex"],
    [JSON.stringify({ type: "candidate", candidate: { candidate: "c".repeat(600) } }), "Candidate is not a candidate line"],
  ];
  for (const [text, reason] of bad) {
    test(`refuses ${text.slice(0, 60)}: ${reason}`, () => {
      expect(() => parseSignal(text)).toThrow(new BadSignal(reason));
    });
  }
});

describe("mediaNetwork", () => {
  test("offers media on the address the web server binds, or on every interface when it binds all, and on the media address", () => {
    expect(mediaNetwork("127.0.0.1")).toEqual({ hostAddress: "127.0.0.1" });
    expect(mediaNetwork("192.168.10.5")).toEqual({ hostAddress: "192.168.10.5" });
    expect(mediaNetwork("0.0.0.0")).toEqual({});
    expect(mediaNetwork("::")).toEqual({});
    expect(mediaNetwork("box.example")).toEqual({});
    expect(mediaNetwork("127.0.0.1", "203.0.113.7")).toEqual({ hostAddress: "127.0.0.1", publicAddress: "203.0.113.7" });
    expect(mediaNetwork("0.0.0.0", "203.0.113.7")).toEqual({ publicAddress: "203.0.113.7" });
  });
});
