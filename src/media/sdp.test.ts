import { describe, expect, test } from "bun:test";
import { answerOffer, createOffer, type Direction, type LocalAudio, parseSdp, readAnswer } from "./sdp.ts";

const local: LocalAudio = { address: "198.51.100.7", port: 20000, sessionId: "4242", version: 1 };

/** An offer as SIP providers send them: session-level c=, A-law first, DTMF on 101, RTCP on its own port. */
const providerOffer = (audio: string[] = [], media = "m=audio 49170 RTP/AVP 8 0 101") =>
  [
    "v=0",
    "o=provider 1 2 IN IP4 203.0.113.5",
    "s=call",
    "c=IN IP4 203.0.113.5",
    "t=0 0",
    media,
    "a=rtpmap:8 PCMA/8000",
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:101 telephone-event/8000",
    "a=fmtp:101 0-16",
    "a=ptime:20",
    "a=rtcp:49200",
    ...audio,
    "",
  ].join("\r\n");

function answer(offer: string, ours: Partial<LocalAudio> = {}) {
  const result = answerOffer(offer, { ...local, ...ours });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe("SDP offer/answer for G.711 audio (RFC 3264)", () => {
  test("our offer lists PCMU, PCMA and telephone-event with 20 ms frames, and parses back", () => {
    const offer = createOffer(local);
    expect(offer).toContain("m=audio 20000 RTP/AVP 0 8 101\r\n");
    expect(offer).toContain("c=IN IP4 198.51.100.7\r\n");
    const parsed = parseSdp(offer);
    if (!parsed.ok) throw new Error(parsed.error);
    const [audio] = parsed.value.media;
    expect(parsed.value.origin).toEqual({ username: "-", sessionId: "4242", version: "1", address: "198.51.100.7" });
    expect(audio?.rtpmaps.get(101)).toEqual({ encoding: "telephone-event", clockRate: 8000, channels: 1 });
    expect(audio?.fmtps.get(101)).toBe("0-15");
    expect([audio?.ptime, audio?.direction]).toEqual([20, "sendrecv"]);
  });

  test("answering a provider: the offerer's first common codec, its DTMF type, its RTP and RTCP address", () => {
    const { sdp, audio } = answer(providerOffer());
    expect(audio).toEqual({
      codec: "PCMA",
      payloadType: 8,
      dtmfPayloadType: 101,
      direction: "sendrecv",
      remote: { address: "203.0.113.5", port: 49170, rtcpPort: 49200 },
      ptime: 20,
      held: false,
    });
    expect(sdp).toContain("m=audio 20000 RTP/AVP 8 101\r\n");
    expect(sdp).toContain("a=rtpmap:8 PCMA/8000\r\n");
    expect(sdp).not.toContain("PCMU");
  });

  test("a codec we do not allow is skipped for the next one the offer lists", () => {
    expect(answer(providerOffer(), { codecs: ["PCMU"] }).audio).toMatchObject({ codec: "PCMU", payloadType: 0 });
  });

  test("G.711 on a dynamic payload type is recognised by its rtpmap; media-level c= wins over session-level", () => {
    const offer = providerOffer(["c=IN IP4 192.0.2.99"], "m=audio 5004 RTP/AVP 96").replace(
      "a=rtpmap:8 PCMA/8000",
      "a=rtpmap:96 pcmu/8000",
    );
    expect(answer(offer).audio).toMatchObject({
      codec: "PCMU",
      payloadType: 96,
      dtmfPayloadType: null,
      remote: { address: "192.0.2.99", port: 5004 },
    });
  });

  test.each([
    ["only G.729 offered", providerOffer([], "m=audio 49170 RTP/AVP 18")],
    ["PCMU at 16 kHz", providerOffer([], "m=audio 49170 RTP/AVP 0").replace("a=rtpmap:0 PCMU/8000", "a=rtpmap:0 PCMU/16000")],
    ["SRTP (RTP/SAVP)", providerOffer([], "m=audio 49170 RTP/SAVP 0 8")],
    ["the audio stream already refused (port 0)", providerOffer([], "m=audio 0 RTP/AVP 0 8")],
    ["video only", providerOffer([], "m=video 49170 RTP/AVP 96")],
  ])("no common codec (%s) is refused, for a 488", (_name, offer) => {
    expect(answerOffer(offer, local)).toEqual({ ok: false, error: "no common codec" });
  });

  test("an offer with video and audio: the video stream is refused with port 0, in the offer's order", () => {
    const offer = providerOffer().replace("m=audio", "m=video 50000 RTP/AVP 96\r\nm=audio");
    const parsed = parseSdp(answer(offer).sdp);
    expect(parsed.ok && parsed.value.media.map((m) => [m.kind, m.port])).toEqual([
      ["video", 0],
      ["audio", 20000],
    ]);
  });

  test.each<[Direction, Direction, boolean]>([
    ["sendrecv", "sendrecv", false],
    ["sendonly", "recvonly", true],
    ["recvonly", "sendonly", false],
    ["inactive", "inactive", true],
  ])("the far end offers a=%s: we answer %s (held: %s)", (theirs, ours, held) => {
    const { sdp, audio } = answer(providerOffer([`a=${theirs}`]));
    expect(sdp).toContain(`a=${ours}\r\n`);
    expect([audio.direction, audio.held]).toEqual([ours, held]);
  });

  test("a session-level direction applies to its streams; an old-style hold (c=0.0.0.0) gives no address to send to", () => {
    expect(answer(providerOffer().replace("t=0 0", "t=0 0\r\na=sendonly")).audio.direction).toBe("recvonly");
    const { audio } = answer(providerOffer().replace("c=IN IP4 203.0.113.5", "c=IN IP4 0.0.0.0"));
    expect([audio.remote, audio.held]).toEqual([null, true]);
  });

  test("our own hold: we offer sendonly, the answer says recvonly, and we keep sending (music)", () => {
    const offer = createOffer({ ...local, direction: "sendonly", version: 2 });
    expect(offer).toContain("a=sendonly\r\n");
    const reply = answer(offer.replace("c=IN IP4 198.51.100.7", "c=IN IP4 203.0.113.5"), { direction: "sendrecv" }).sdp;
    expect(reply).toContain("a=recvonly\r\n");
    const settled = readAnswer(reply, { ...local, direction: "sendonly" });
    expect(settled.ok && [settled.value.direction, settled.value.held]).toEqual(["sendonly", false]);
  });

  test("reading an answer: it must keep the audio stream and pick a codec we offered", () => {
    const offered = { ...local, codecs: ["PCMU"] as const };
    const good = readAnswer(providerOffer([], "m=audio 40000 RTP/AVP 0 101"), offered);
    expect(good.ok && good.value).toMatchObject({ codec: "PCMU", dtmfPayloadType: 101, remote: { port: 40000 } });
    expect(readAnswer(providerOffer([], "m=audio 0 RTP/AVP 0"), offered)).toEqual({
      ok: false,
      error: "the answer refused the audio stream",
    });
    expect(readAnswer(providerOffer([], "m=audio 40000 RTP/AVP 8"), offered)).toEqual({
      ok: false,
      error: "the answer has no codec we offered",
    });
  });

  test.each([
    ["no v=0 first", "o=- 1 1 IN IP4 1.2.3.4\r\nm=audio 1 RTP/AVP 0\r\n"],
    ["no o= line", "v=0\r\nm=audio 1 RTP/AVP 0\r\n"],
    ["a port beyond 65535", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n"],
    ["an m= line without formats", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 1 RTP/AVP\r\n"],
    ["a bad c= line", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IPX 1.2.3.4\r\n"],
    ["a bad rtpmap", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 1 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n"],
    ["a line without =", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nhello\r\n"],
    ["too large", `v=0\r\n${"a=x\r\n".repeat(5000)}`],
  ])("malformed SDP (%s) is an error, not an exception", (_name, text) => {
    const result = answerOffer(text, local);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).not.toBe("no common codec");
  });
});
