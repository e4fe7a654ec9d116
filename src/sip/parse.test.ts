import { describe, expect, test } from "bun:test";
import type { IncomingMessage, IncomingRequest, ParseLimits } from "./message.ts";
import { parseDatagram } from "./parse.ts";
import { SAMPLE_MESSAGES, sampleBytes } from "./sample-messages.ts";
import { serializeMessage } from "./serialize.ts";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function parseText(text: string, limits?: ParseLimits): IncomingMessage {
  const result = parseDatagram(encode(text), limits);
  if (!result.ok) throw new Error(result.error.reason);
  return result.message;
}

const lines = (...l: string[]) => `${l.join("\r\n")}\r\n\r\n`;
const MINIMAL = [
  "Via: SIP/2.0/UDP host.example.com;branch=z9hG4bK1",
  "From: <sip:a@example.com>;tag=1",
  "To: <sip:b@example.com>",
  "Call-ID: c1",
  "CSeq: 1 OPTIONS",
];

describe("parsing and serializing normal traffic", () => {
  for (const name of Object.keys(SAMPLE_MESSAGES)) {
    test(`${name} parses and serializes back to the same octets`, () => {
      const bytes = sampleBytes(name);
      const result = parseDatagram(bytes);
      if (!result.ok) throw new Error(result.error.reason);
      expect(decode(serializeMessage(result.message))).toBe(decode(bytes));
    });
  }

  test("an INVITE exposes its start line, core headers and body", () => {
    const req = parseText(SAMPLE_MESSAGES.invite ?? "") as IncomingRequest;
    expect([req.kind, req.method, req.uri, req.version]).toEqual(["request", "INVITE", "sip:bob@biloxi.example.com", "SIP/2.0"]);
    expect(req.requestUri).toMatchObject({ kind: "sip", user: "bob", host: "biloxi.example.com" });
    expect(req.via[0]).toMatchObject({ transport: "UDP", host: "pc33.atlanta.example.com", branch: "z9hG4bK776asdhds", rport: true });
    expect([req.from.displayName, req.from.params.get("tag"), req.to.params.has("tag")]).toEqual(["Alice", "1928301774", false]);
    expect([req.callId, req.cseq, req.maxForwards]).toEqual([
      "a84b4c76e66710@pc33.atlanta.example.com",
      { seq: 314159, method: "INVITE" },
      70,
    ]);
    expect(req.contentType).toMatchObject({ type: "application", subtype: "sdp" });
    expect(decode(req.body)).toStartWith("v=0\r\n");
  });

  test("responses expose status, reason and the filled-in Via", () => {
    const res = parseText(SAMPLE_MESSAGES.ringing ?? "");
    if (res.kind !== "response") throw new Error("expected a response");
    expect([res.status, res.reason]).toEqual([180, "Ringing"]);
    expect(res.via[0]).toMatchObject({ received: "192.0.2.1", rport: 5062 });
    expect(res.to.params.get("tag")).toBe("a6c85cf");
  });

  test("compact header names are normalised, looked up either way and written long", () => {
    const text = lines(
      "MESSAGE sip:b@example.com SIP/2.0",
      "v: SIP/2.0/UDP host.example.com;branch=z9hG4bK1",
      "f: <sip:a@example.com>;tag=1",
      "t: <sip:b@example.com>",
      "i: c1",
      "CSEQ: 1 MESSAGE",
      "m: <sip:a@192.0.2.1>",
      "k: 100rel",
      "s: hello",
      "o: presence",
      "u: dialog",
      "r: <sip:c@example.com>",
      "b: <sip:d@example.com>",
      "x: 1800",
      "e: identity",
      "c: text/plain",
      "l: 2",
    ).concat("hi");
    const msg = parseText(text);
    expect([...msg.headers].map((h) => h.name)).toEqual([
      "Via",
      "From",
      "To",
      "Call-ID",
      "CSeq",
      "Contact",
      "Supported",
      "Subject",
      "Event",
      "Allow-Events",
      "Refer-To",
      "Referred-By",
      "Session-Expires",
      "Content-Encoding",
      "Content-Type",
      "Content-Length",
    ]);
    expect([msg.headers.get("k"), msg.headers.get("SUPPORTED"), msg.headers.get("cseq")]).toEqual(["100rel", "100rel", "1 MESSAGE"]);
    const again = parseText(decode(serializeMessage(msg)));
    expect(decode(serializeMessage(again))).toContain("Refer-To: <sip:c@example.com>\r\n");
    expect(decode(again.body)).toBe("hi");
  });

  test("folded lines and any whitespace around separators read as one value (RFC 3261 §7.3.1)", () => {
    const msg = parseText(
      lines(
        "OPTIONS sip:b@example.com SIP/2.0",
        "Via : SIP / 2.0 / UDP",
        "\t host.example.com ;",
        "  branch = z9hG4bK1",
        "From:\t<sip:a@example.com> ; tag = 1",
        "To: <sip:b@example.com>",
        "Call-ID: c1",
        "CSeq: 1",
        "   OPTIONS",
        "Subject: first",
        "\t\tsecond   ",
      ),
    );
    expect(msg.via[0]).toMatchObject({ protocol: "SIP/2.0", transport: "UDP", host: "host.example.com", branch: "z9hG4bK1" });
    expect(msg.from.params.get("tag")).toBe("1");
    expect(msg.cseq).toEqual({ seq: 1, method: "OPTIONS" });
    expect(msg.headers.get("Subject")).toBe("first second");
  });

  test("list headers split on commas outside quotes and angle brackets, across lines", () => {
    const msg = parseText(
      lines(
        "REGISTER sip:example.com SIP/2.0",
        "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK1, SIP/2.0/TCP p2.example.com:5061;branch=z9hG4bK2",
        "Via: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK3;received=192.0.2.7",
        "From: <sip:a@example.com>;tag=1",
        "To: <sip:a@example.com>",
        "Call-ID: c1",
        "CSeq: 1 REGISTER",
        'Contact: "Doe, John" <sip:a@192.0.2.1;transport=tcp>;q=0.5, <sip:a@192.0.2.2>;expires=60',
        "Contact: sip:a@192.0.2.3;expires=0",
        "Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr>",
        "Supported: path, outbound,gruu",
      ),
    );
    expect(msg.via.map((v) => [v.host, v.port ?? null, v.branch])).toEqual([
      ["p1.example.com", null, "z9hG4bK1"],
      ["p2.example.com", 5061, "z9hG4bK2"],
      ["[2001:db8::1]", 5060, "z9hG4bK3"],
    ]);
    const contacts = msg.contacts === "*" ? [] : msg.contacts;
    expect(contacts.map((c) => [c.displayName ?? null, c.uri.kind === "sip" ? c.uri.host : "", c.params.get("expires") ?? null])).toEqual([
      ["Doe, John", "192.0.2.1", null],
      [null, "192.0.2.2", "60"],
      [null, "192.0.2.3", "0"],
    ]);
    expect(msg.headers.values("Route")).toEqual(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
    expect(msg.headers.values("Supported")).toEqual(["path", "outbound", "gruu"]);
  });

  test("Contact: * stands alone; mixed with addresses it is an error", () => {
    const star = parseText(
      lines("REGISTER sip:example.com SIP/2.0", ...MINIMAL.slice(0, 4), "CSeq: 2 REGISTER", "Contact: *", "Expires: 0"),
    );
    expect(star.contacts).toBe("*");
    const mixed = parseDatagram(
      encode(lines("REGISTER sip:example.com SIP/2.0", ...MINIMAL.slice(0, 4), "CSeq: 2 REGISTER", "Contact: *, <sip:a@b.example>")),
    );
    expect(mixed.ok).toBe(false);
  });

  test("header names that collide with object properties are ordinary unknown headers", () => {
    const msg = parseText(lines("OPTIONS sip:b@example.com SIP/2.0", ...MINIMAL, "constructor: a", "__proto__: b", "toString: c"));
    expect([...msg.headers].slice(-3)).toEqual([
      { name: "constructor", value: "a" },
      { name: "__proto__", value: "b" },
      { name: "toString", value: "c" },
    ]);
    expect(msg.headers.get("CONSTRUCTOR")).toBe("a");
  });

  test("bare LF line ends are tolerated", () => {
    const msg = parseText(["OPTIONS sip:b@example.com SIP/2.0", ...MINIMAL, "", ""].join("\n"));
    expect(msg.callId).toBe("c1");
  });
});

describe("limits and broken framing", () => {
  const limits: ParseLimits = { maxMessageBytes: 2_000, maxHeaders: 12, maxHeaderLength: 200 };
  const reasonOf = (text: string) => {
    const r = parseDatagram(encode(text), limits);
    return r.ok ? "parsed" : r.error.reason;
  };
  const base = ["OPTIONS sip:b@example.com SIP/2.0", ...MINIMAL];

  test("messages, header counts and header lengths beyond the limits fail with a reason", () => {
    expect(reasonOf(lines(...base))).toBe("parsed");
    expect(reasonOf(lines(...base, `X-Big: ${"a".repeat(2_000)}`))).toBe("Message larger than 2000 bytes");
    expect(reasonOf(lines(...base, ...Array.from({ length: 8 }, (_, i) => `X-${i}: v`)))).toBe("More than 12 headers");
    expect(reasonOf(lines(...base, `X-Long: ${"a".repeat(150)}`, `  ${"b".repeat(60)}`))).toBe("Header longer than 200 characters");
  });

  test("empty datagrams, keep-alives and garbage fail without a request head", () => {
    for (const text of ["", "\r\n\r\n", "hello world", "\u0000\u0001\u0002", "SIP/2.0\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n"]) {
      const r = parseDatagram(encode(text));
      expect(r.ok).toBe(false);
      expect(r.ok ? undefined : r.error.request).toBeUndefined();
    }
  });

  test("a request with a malformed header line still fails cleanly, and bare CRs are refused", () => {
    expect(reasonOf(lines(...base, "NoColonHere"))).toBe("Malformed header line");
    expect(reasonOf(lines(...base, "X-Bad: a\rb"))).toBe("Bare CR in header section");
    expect(reasonOf(lines(base[0] as string, "  folded-first: x", ...MINIMAL))).toBe("Continuation line before the first header");
    expect(reasonOf(lines(...base.slice(0, 2), "From: <sip:a@example.com>;tag", ...MINIMAL.slice(2)))).toBe("From: tag without a value");
  });
});
