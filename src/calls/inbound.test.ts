import { describe, expect, test } from "bun:test";
import { type IncomingRequest, parseDatagram } from "../sip/index.ts";
import { nextCallState } from "./call-state.ts";
import { MAX_X_HEADERS, MAX_X_VALUE, readInbound } from "./inbound.ts";

function invite(uri: string, from: string, to: string, extra: string[] = []): IncomingRequest {
  const text = [
    `INVITE ${uri} SIP/2.0`,
    "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKx",
    "Max-Forwards: 70",
    `From: ${from};tag=a`,
    `To: ${to}`,
    "Call-ID: c1@provider",
    "CSeq: 1 INVITE",
    ...extra,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  const parsed = parseDatagram(new TextEncoder().encode(text));
  if (!parsed.ok || parsed.message.kind !== "request") throw new Error("the test INVITE does not parse");
  return parsed.message;
}

describe("what an inbound INVITE tells", () => {
  test("the dialled number comes from the Request-URI; the caller from From's display name and user", () => {
    const facts = readInbound(invite("sip:+41441234567@box", '"Carol Caller" <sip:+41799999999@p>', "<sip:other@box>"));
    expect(facts).toEqual({ did: "+41441234567", callerName: "Carol Caller", callerNumber: "+41799999999", xHeaders: {} });
  });

  test("a Request-URI without a user falls back to To; tel: URIs give their number; no display name is empty", () => {
    const facts = readInbound(invite("sip:box", "<tel:+15551234>", "<sip:0441234567@box>"));
    expect(facts).toMatchObject({ did: "0441234567", callerName: "", callerNumber: "+15551234" });
  });

  test("X- headers are kept in order, once per name, bounded in number and length", () => {
    const many = Array.from({ length: MAX_X_HEADERS + 4 }, (_, i) => `X-Field-${i}: ${i}`);
    const long = `X-Long: ${"a".repeat(MAX_X_VALUE + 50)}`;
    const facts = readInbound(invite("sip:1@box", "<sip:2@p>", "<sip:1@box>", [long, "X-Long: second", "Subject: hi", ...many]));
    expect(Object.keys(facts.xHeaders)).toHaveLength(MAX_X_HEADERS);
    expect(facts.xHeaders["X-Long"]).toHaveLength(MAX_X_VALUE);
    expect(facts.xHeaders).not.toHaveProperty("Subject");
    expect(Object.keys(facts.xHeaders)[1]).toBe("X-Field-0");
  });
});

describe("the call state machine", () => {
  test("queued → connected ↔ held → ended; illegal moves are 409 Conflicts with a reason", () => {
    expect(nextCallState("queued", "answer")).toBe("connected");
    expect(nextCallState("connected", "hold")).toBe("held");
    expect(nextCallState("held", "resume")).toBe("connected");
    expect(nextCallState("held", "hang_up")).toBe("ended");
    expect(() => nextCallState("queued", "hold")).toThrow("Only a connected call can be put on hold.");
    expect(() => nextCallState("ended", "hang_up")).toThrow("This call has already ended.");
  });
});
