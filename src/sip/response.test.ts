import { describe, expect, test } from "bun:test";
import type { IncomingRequest } from "./message.ts";
import { parseDatagram } from "./parse.ts";
import { createResponse, toReasonPhrase } from "./response.ts";
import { sampleBytes } from "./sample-messages.ts";
import { serializeMessage } from "./serialize.ts";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function incoming(bytes: Uint8Array): IncomingRequest {
  const r = parseDatagram(bytes);
  if (!r.ok || r.message.kind !== "request") throw new Error("expected a request");
  return r.message;
}

const twoVias = new TextEncoder().encode(
  decode(sampleBytes("invite")).replace(
    "Max-Forwards: 70\r\n",
    "Via: SIP/2.0/TCP proxy.example.com;branch=z9hG4bKp1\r\nMax-Forwards: 70\r\nTimestamp: 54\r\n",
  ),
);

describe("building a response to a request (RFC 3261 §8.2.6)", () => {
  test("copies every Via in order, From, Call-ID and CSeq, and tags To", () => {
    const res = createResponse(incoming(twoVias), 486, { toTag: "t123" });
    expect(decode(serializeMessage(res))).toBe(
      [
        "SIP/2.0 486 Busy Here",
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport",
        "Via: SIP/2.0/TCP proxy.example.com;branch=z9hG4bKp1",
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
        "To: Bob <sip:bob@biloxi.example.com>;tag=t123",
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
        "CSeq: 314159 INVITE",
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n"),
    );
  });

  test("a 100 Trying adds no tag and echoes Timestamp; an existing To tag is kept", () => {
    const trying = createResponse(incoming(twoVias), 100);
    expect([trying.headers.get("To"), trying.headers.get("Timestamp"), trying.reason]).toEqual([
      "Bob <sip:bob@biloxi.example.com>",
      "54",
      "Trying",
    ]);
    const bye = createResponse(incoming(sampleBytes("bye")), 200);
    expect(bye.headers.get("To")).toBe("Bob <sip:bob@biloxi.example.com>;tag=a6c85cf");
    const random = createResponse(incoming(sampleBytes("invite")), 180).headers.get("To") ?? "";
    expect(random).toMatch(/;tag=[0-9a-f]{16}$/);
  });

  test("extra headers, a body with its type, and the Content-Length that matches", () => {
    const body = new TextEncoder().encode("v=0\r\n");
    const res = createResponse(incoming(sampleBytes("options")), 200, {
      headers: [{ name: "Allow", value: "INVITE, ACK" }],
      body,
      contentType: "application/sdp",
    });
    const wire = decode(serializeMessage(res));
    expect(wire).toContain("Allow: INVITE, ACK\r\nContent-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n");
  });

  test("a request that failed to parse still gets a 400 built from its head, with a safe reason phrase", () => {
    const text = decode(sampleBytes("options")).replace(
      "To: <sip:carol@chicago.example.com>",
      'To: "Carol <sip:carol@chicago.example.com>',
    );
    const r = parseDatagram(new TextEncoder().encode(text));
    if (r.ok || !r.error.request) throw new Error("expected a failure with a request head");
    const res = createResponse(r.error.request, 400, { reason: r.error.reason });
    expect(res.reason).toBe("To: unterminated quoted string");
    expect(res.headers.get("To")).toBe('"Carol <sip:carol@chicago.example.com>');
    expect(toReasonPhrase('bad "quote" <x>\r\n#')).toBe("bad 'quote' x");
  });

  test("serializing refuses header injection instead of writing it", () => {
    const res = createResponse(incoming(sampleBytes("options")), 200, { headers: [{ name: "X-Evil", value: "a\r\nVia: forged" }] });
    expect(() => serializeMessage(res)).toThrow("cannot be serialized");
  });
});
