import { describe, expect, test } from "bun:test";
import type { DtmfDigit } from "../media/index.ts";
import { parseDatagram, parseMediaType, serializeMessage } from "../sip/index.ts";
import type { Dialog } from "./dialog.ts";
import { DTMF_INFO_TYPES, dtmfRelayBody, infoRequest, MAX_DTMF_INFO_BYTES, readDtmfInfo } from "./dtmf-info.ts";

const encoder = new TextEncoder();
const info = (type: string | null, body: string | Uint8Array) => ({
  contentType: type === null ? undefined : parseMediaType(type),
  body: typeof body === "string" ? encoder.encode(body) : body,
});

describe("reading a DTMF INFO", () => {
  test("dtmf-relay bodies give their Signal, whatever the line ends, spacing, case and extra lines", () => {
    expect(readDtmfInfo(info("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n"))).toEqual({ ok: true, digit: "5" });
    expect(readDtmfInfo(info("application/dtmf-relay", "Signal=#\nDuration=250"))).toEqual({ ok: true, digit: "#" });
    expect(readDtmfInfo(info("Application/DTMF-Relay", "signal = *\r\n"))).toEqual({ ok: true, digit: "*" });
    expect(readDtmfInfo(info("application/dtmf-relay", "Signal= d\r\nVolume=10\r\n\r\n"))).toEqual({ ok: true, digit: "D" });
  });

  test("application/dtmf is one key alone", () => {
    expect(readDtmfInfo(info("application/dtmf", "0"))).toEqual({ ok: true, digit: "0" });
    expect(readDtmfInfo(info("application/dtmf", "A\r\n"))).toEqual({ ok: true, digit: "A" });
  });

  test("every key of the keypad is read, and nothing else", () => {
    const keys: DtmfDigit[] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D"];
    for (const key of keys) {
      expect(readDtmfInfo(info("application/dtmf-relay", dtmfRelayBody(key)))).toEqual({ ok: true, digit: key });
      expect(readDtmfInfo(info("application/dtmf", key))).toEqual({ ok: true, digit: key });
    }
    for (const key of ["E", "10", "11", "55", "+", " ", "½", "١"]) {
      expect(readDtmfInfo(info("application/dtmf", key))).toMatchObject({ ok: false, status: 400 });
      expect(readDtmfInfo(info("application/dtmf-relay", `Signal=${key}\r\n`))).toMatchObject({ ok: false, status: 400 });
    }
  });

  test("an INFO without a body is answered without a digit", () => {
    expect(readDtmfInfo(info(null, ""))).toEqual({ ok: true, digit: null });
  });

  test("malformed dtmf-relay bodies are 400", () => {
    for (const body of [
      "Duration=160\r\n",
      "Signal\r\n",
      "Signal=5\r\nSignal=6\r\n",
      "Signal=5\r\nDuration=long\r\n",
      "Signal=5\r\nDuration=1234567\r\n",
      "hello",
    ]) {
      const read = readDtmfInfo(info("application/dtmf-relay", body));
      expect(read.ok).toBe(false);
      if (!read.ok) expect([read.status, body]).toEqual([400, body]);
    }
    expect(readDtmfInfo(info("application/dtmf-relay", new Uint8Array([0x53, 0xff, 0xfe])))).toMatchObject({ status: 400 });
  });

  test("bodies past the size bound are refused unread", () => {
    const padded = `Signal=5\r\n${"X=1\r\n".repeat(MAX_DTMF_INFO_BYTES)}`;
    expect(readDtmfInfo(info("application/dtmf-relay", padded))).toEqual({ ok: false, status: 400, reason: "DTMF body too large" });
  });

  test("other body types are 415", () => {
    expect(readDtmfInfo(info("application/sdp", "v=0\r\n"))).toMatchObject({ ok: false, status: 415 });
    expect(readDtmfInfo(info("text/plain", "5"))).toMatchObject({ ok: false, status: 415 });
    expect(readDtmfInfo(info(null, "5"))).toMatchObject({ ok: false, status: 415 });
    expect(DTMF_INFO_TYPES).toEqual(["application/dtmf-relay", "application/dtmf"]);
  });
});

describe("sending a digit as INFO", () => {
  const dialog: Dialog = {
    callId: "abc@provider",
    localTag: "ours",
    remoteTag: "theirs",
    local: "<sip:+41441234567@127.0.0.1>;tag=ours",
    remote: '"Carol" <sip:+41799999999@127.0.0.1:5070>;tag=theirs',
    remoteTarget: "sip:+41799999999@127.0.0.1:5070",
    routeSet: ["<sip:127.0.0.1:5080;lr>"],
    nextHop: { transport: "UDP", address: "127.0.0.1", port: 5080 },
  };

  test("is an in-dialog INFO with the given CSeq and a dtmf-relay body that reads back as the digit", () => {
    const request = infoRequest(dialog, 7, "#");
    const wire = new TextDecoder().decode(serializeMessage(request));
    expect(wire).toStartWith("INFO sip:+41799999999@127.0.0.1:5070 SIP/2.0\r\n");
    expect(wire).toContain("CSeq: 7 INFO\r\n");
    expect(wire).toContain("Route: <sip:127.0.0.1:5080;lr>\r\n");
    expect(wire).toContain("Content-Type: application/dtmf-relay\r\n");
    expect(wire).toEndWith("\r\n\r\nSignal=#\r\nDuration=160\r\n");
    // The far end parses it as we parse theirs (a Via is what the endpoint adds on sending).
    const parsed = parseDatagram(encoder.encode(wire.replace("\r\n", "\r\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKx\r\n")));
    expect(parsed.ok && parsed.message.kind === "request" && readDtmfInfo(parsed.message)).toEqual({ ok: true, digit: "#" });
  });
});
