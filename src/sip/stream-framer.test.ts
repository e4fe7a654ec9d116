import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { classify } from "./classify.ts";
import type { ParseResult } from "./message.ts";
import { sampleBytes } from "./sample-messages.ts";
import { StreamFramer } from "./stream-framer.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const join2 = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
const summary = (results: ParseResult[]) =>
  results.map((r) =>
    r.ok
      ? `${r.message.kind === "request" ? r.message.method : r.message.status}`
      : `error${r.error.fatal ? " (fatal)" : ""}: ${r.error.reason}`,
  );
const torture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dir, "..", "..", "..", "shared", "sip-torture", name)));

describe("TCP stream framing by Content-Length", () => {
  test("several messages in one read, with CRLF keep-alives between them", () => {
    const framer = new StreamFramer();
    const out = framer.push(join2(encode("\r\n\r\n"), sampleBytes("invite"), encode("\r\n"), sampleBytes("ringing"), sampleBytes("ok")));
    expect(summary(out)).toEqual(["INVITE", "180", "200"]);
    expect(framer.pending).toBe(0);
  });

  test("a message arriving one octet at a time comes out once, complete", () => {
    const framer = new StreamFramer();
    const bytes = sampleBytes("invite");
    const out: ParseResult[] = [];
    for (const byte of bytes) out.push(...framer.push(new Uint8Array([byte])));
    expect(summary(out)).toEqual(["INVITE"]);
    expect(out[0]?.ok && out[0].message.body.length).toBe(
      sampleBytes("invite").length - new TextDecoder().decode(bytes).indexOf("\r\n\r\n") - 4,
    );
  });

  test("a body shorter than Content-Length waits for more octets (RFC 4475 §3.1.2.2 over a stream)", () => {
    const framer = new StreamFramer();
    expect(framer.push(torture("clerr.dat"))).toEqual([]);
    expect(framer.pending).toBeGreaterThan(0);
  });

  test("negative, conflicting or missing Content-Length loses framing: 400 and close, nothing after", () => {
    for (const file of ["ncl.dat", "mcl01.dat"]) {
      const framer = new StreamFramer();
      const [result, ...rest] = framer.push(join2(torture(file), sampleBytes("options")));
      expect(rest).toEqual([]);
      expect(result?.ok === false && result.error.fatal).toBe(true);
      expect(classify(result as ParseResult)).toMatchObject({ action: "respond", status: 400 });
      expect(framer.push(sampleBytes("options"))).toEqual([]);
    }
    const missing = new StreamFramer().push(torture("inv2543.dat"));
    expect(summary(missing)).toEqual(["error (fatal): Missing Content-Length on a stream transport"]);
  });

  test("a syntax error inside a well-framed message does not close the connection", () => {
    const framer = new StreamFramer();
    const out = framer.push(join2(torture("quotbal.dat"), sampleBytes("options")));
    expect(summary(out)).toEqual(["error: To: unterminated quoted string", "OPTIONS"]);
  });

  test("announced or accumulated sizes beyond the limit are refused at once", () => {
    const limits = { maxMessageBytes: 1_000, maxHeaders: 50, maxHeaderLength: 500 };
    const big = new StreamFramer(limits).push(encode("OPTIONS sip:a@b.example SIP/2.0\r\nContent-Length: 5000\r\n\r\n"));
    expect(summary(big)).toEqual(["error (fatal): Message larger than 1000 bytes"]);
    const endless = new StreamFramer(limits);
    expect(endless.push(encode("OPTIONS sip:a@b.example SIP/2.0\r\n"))).toEqual([]);
    expect(summary(endless.push(encode(`X-Junk: ${"a".repeat(1_100)}`)))).toEqual(["error (fatal): Header section too large"]);
  });

  test("a large message dripped one octet at a time comes out whole", () => {
    const pad = `X-Pad: ${"a".repeat(7_000)}\r\n`.repeat(8);
    const bytes = encode(new TextDecoder().decode(sampleBytes("options")).replace("Accept:", `${pad}Accept:`));
    const framer = new StreamFramer();
    const out: ParseResult[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...framer.push(bytes.subarray(i, i + 1)));
    expect(summary(out)).toEqual(["OPTIONS"]);
    expect(out[0]?.ok && out[0].message.headers.getAll("X-Pad")).toHaveLength(8);
  });
});
