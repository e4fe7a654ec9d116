import { describe, expect, test } from "bun:test";
import { classify, DEFAULT_POLICY, type Verdict } from "./classify.ts";
import { parseDatagram } from "./parse.ts";
import { SAMPLE_MESSAGES } from "./sample-messages.ts";

const decide = (text: string, policy = DEFAULT_POLICY): Verdict => classify(parseDatagram(new TextEncoder().encode(text)), policy);
const status = (v: Verdict) => (v.action === "respond" ? v.status : v.action);

const invite = SAMPLE_MESSAGES.invite ?? "";
const ack = SAMPLE_MESSAGES.ack ?? "";
const withHeader = (text: string, header: string) => text.replace("Max-Forwards: 70\r\n", `Max-Forwards: 70\r\n${header}\r\n`);

describe("what the server does with each request", () => {
  test("normal traffic is accepted; responses with one Via are accepted", () => {
    for (const name of ["invite", "register", "options", "bye", "ack", "ringing", "ok", "unauthorized"]) {
      expect(decide(SAMPLE_MESSAGES[name] ?? "")).toEqual({ action: "accept" });
    }
  });

  test("Max-Forwards 0 ends an INVITE with 483 but not an OPTIONS", () => {
    expect(status(decide(invite.replace("Max-Forwards: 70", "Max-Forwards: 0")))).toBe(483);
    expect(status(decide((SAMPLE_MESSAGES.options ?? "").replace("Max-Forwards: 70", "Max-Forwards: 0")))).toBe("accept");
  });

  test("an ACK is never answered, whatever is wrong with it", () => {
    expect(decide(ack.replace("Max-Forwards: 70", "Max-Forwards: 0"))).toEqual({ action: "drop", reason: "ACK: Too Many Hops" });
    expect(status(decide(ack.replace("CSeq: 314159 ACK", "CSeq: 314159 INVITE")))).toBe("drop");
    expect(status(decide(ack.replace("Call-ID", "X-Call-ID")))).toBe("drop");
  });

  test("known scanners are dropped silently, even when their request is broken", () => {
    expect(decide(withHeader(invite, "User-Agent: friendly-scanner"))).toEqual({ action: "drop", reason: "Scanner User-Agent" });
    expect(status(decide(withHeader(invite, "User-Agent: sipvicious 0.3").replace("CSeq: 314159 INVITE", "CSeq: x INVITE")))).toBe("drop");
    expect(status(decide(withHeader(invite, "User-Agent: Yealink SIP-T46S")))).toBe("accept");
  });

  test("scanner names match whatever their case and their hyphens, underscores or spaces", () => {
    const variants = ["Friendly-Scanner", "friendly_scanner", "FRIENDLY SCANNER", "friendlyscanner/1.0", "SIPVicious PRO", "sip_vicious"];
    const more = ["sip-scan", "SipScan 2", "sipcli/v1.8", "SIPCLI", "VaxSIPUserAgent/3.1", "vax-sip-user-agent", "PPL_SIP"];
    for (const agent of [...variants, ...more])
      expect([agent, status(decide(withHeader(invite, `User-Agent: ${agent}`)))]).toEqual([agent, "drop"]);
    for (const agent of ["Linphone/5.2", "Grandstream GXP2170", "Asterisk PBX 20.1", "Zoiper rv2.10"])
      expect([agent, status(decide(withHeader(invite, `User-Agent: ${agent}`)))]).toEqual([agent, "accept"]);
  });

  test("bodies: missing Content-Type is a 400, an unknown encoding a 415 naming identity", () => {
    expect(decide(invite.replace("Content-Type: application/sdp\r\n", ""))).toMatchObject({ status: 400, reason: "Missing Content-Type" });
    expect(decide(withHeader(invite, "Content-Encoding: gzip"))).toMatchObject({
      status: 415,
      headers: [{ name: "Accept-Encoding", value: "identity" }],
    });
  });

  test("Accept on an INVITE must allow SDP; wildcards do", () => {
    expect(status(decide(withHeader(invite, "Accept: application/*, text/html")))).toBe("accept");
    expect(status(decide(withHeader(invite, "Accept: text/html")))).toBe(406);
    expect(status(decide(withHeader(invite, "Accept: ///")))).toBe(400);
  });

  test("the policy decides methods, schemes and extensions", () => {
    const message = invite.replace(/INVITE/g, "MESSAGE").replace("application/sdp", "text/plain");
    expect(status(decide(message))).toBe(405);
    const wider = {
      ...DEFAULT_POLICY,
      methods: [...DEFAULT_POLICY.methods, "MESSAGE"],
      bodyTypes: ["application/sdp", "text/plain"],
      extensions: ["100rel"],
    };
    expect(status(decide(message, wider))).toBe("accept");
    expect(status(decide(withHeader(invite, "Require: 100rel"), wider))).toBe("accept");
    expect(status(decide(withHeader(invite, "Require: 100rel")))).toBe(420);
    expect(status(decide(invite.replace("INVITE sip:bob@", "INVITE sips:bob@")))).toBe("accept");
    expect(status(decide(invite.replace("INVITE sip:bob@biloxi.example.com", "INVITE tel:+15551234")))).toBe("accept");
    expect(
      status(
        decide(invite.replace("INVITE sip:bob@biloxi.example.com", "INVITE tel:+15551234"), { ...DEFAULT_POLICY, uriSchemes: ["sip"] }),
      ),
    ).toBe(416);
  });

  test("responses: an unknown version or extra Vias are dropped, garbage too", () => {
    const ok = SAMPLE_MESSAGES.ok ?? "";
    expect(status(decide(ok.replace("SIP/2.0 200 OK", "SIP/3.0 200 OK")))).toBe("drop");
    expect(status(decide(ok.replace("Via:", "Via: SIP/2.0/UDP other.example.com;branch=z9hG4bKx\r\nVia:")))).toBe("drop");
    expect(status(decide(ok.replace("CSeq: 314159 INVITE", "CSeq: INVITE")))).toBe("drop");
    expect(status(decide("\u0016\u0003\u0001 not sip at all"))).toBe("drop");
  });
});
