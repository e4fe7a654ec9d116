import { describe, expect, test } from "bun:test";
import { parseNameAddr } from "./name-addr.ts";
import { formatNameAddr, formatUri } from "./serialize.ts";
import { parseUri, tryParseUri } from "./uri.ts";

describe("SIP, SIPS and tel URIs", () => {
  test("every part of a full SIP URI", () => {
    expect(parseUri("sip:alice:secret@atlanta.example.com:5061;transport=TCP;lr?subject=project%20x&priority=urgent")).toEqual({
      kind: "sip",
      scheme: "sip",
      user: "alice",
      password: "secret",
      host: "atlanta.example.com",
      hostKind: "name",
      port: 5061,
      params: new Map<string, string | null>([
        ["transport", "TCP"],
        ["lr", null],
      ]),
      headers: [
        ["subject", "project x"],
        ["priority", "urgent"],
      ],
    });
  });

  test("hosts: names, IPv4, IPv6 references (RFC 5118) with and without ports", () => {
    const host = (text: string) => {
      const uri = parseUri(text);
      return uri.kind === "sip" ? [uri.host, uri.hostKind, uri.port ?? null] : [];
    };
    expect(host("sips:[2001:db8::1]:5061")).toEqual(["[2001:db8::1]", "ipv6", 5061]);
    expect(host("sip:bob@[2001:db8::10:5070]")).toEqual(["[2001:db8::10:5070]", "ipv6", null]);
    expect(host("sip:[::ffff:192.0.2.1]")).toEqual(["[::ffff:192.0.2.1]", "ipv6", null]);
    expect(host("sip:192.0.2.1:5060")).toEqual(["192.0.2.1", "ipv4", 5060]);
    expect(host("sip:example.com.")).toEqual(["example.com.", "name", null]);
  });

  test("scheme is case-insensitive, escapes are undone, telephone-subscriber users and tel: URIs", () => {
    expect(parseUri("SIPS:%61lice@example.com")).toMatchObject({ scheme: "sips", user: "alice" });
    expect(parseUri("sip:+1-212-555-1212:1234@gateway.com;user=phone")).toMatchObject({ user: "+1-212-555-1212", password: "1234" });
    expect(parseUri("tel:+1-201-555-0123;phone-context=example.com")).toEqual({
      kind: "tel",
      scheme: "tel",
      number: "+1-201-555-0123",
      params: new Map([["phone-context", "example.com"]]),
    });
    expect(parseUri("urn:service:sos")).toEqual({ kind: "other", scheme: "urn", opaque: "service:sos" });
  });

  test("malformed URIs are refused", () => {
    for (const text of [
      "sip:",
      "sip:user@",
      "sip:host:99999",
      "sip:host:",
      "sip:[2001:db8::1",
      "sip:[zz::1]",
      "sip:2001:db8::10",
      "sip:a@b@c",
      "sip:host;;x",
      "sip:host;a=1;A=2",
      "sip:host?noequals",
      "sip:us er@host",
      "sip:user@ho st",
      "sip:%zz@host",
      "sip:host_name.example.com",
      "sip:192.0.2.300",
      "tel:",
      "tel:abc-xyz",
      ":nothing",
      "noscheme",
      "http:<x>",
    ]) {
      expect(tryParseUri(text)).toBeUndefined();
    }
  });

  test("formatting escapes what needs escaping and parses back to the same URI", () => {
    for (const text of [
      "sip:alice:secret@atlanta.example.com:5061;transport=tcp;lr?subject=project%20x",
      "sips:user;par=u%40example.net@example.com",
      "sip:I%20have%20spaces@example.net",
      "sip:%00@host5.example.com",
      "sip:[2001:db8::1]:5061;maddr=[2001:db8::2]",
      "tel:+1-201-555-0123;phone-context=example.com",
      "isbn:2983792873",
    ]) {
      const uri = parseUri(text);
      expect(parseUri(formatUri(uri))).toEqual(uri);
    }
    expect(formatUri(parseUri("sip:%61lice@example.com"))).toBe("sip:alice@example.com");
    expect(formatUri(parseUri("sip:I%20have%20spaces@example.net"))).toBe("sip:I%20have%20spaces@example.net");
  });
});

describe("name-addr and addr-spec", () => {
  test("display names: quoted with escapes, unquoted tokens, none, and no space before <", () => {
    expect(parseNameAddr('"Alice \\"Al\\" Smith" <sip:alice@example.com>;tag=9', "From")).toMatchObject({
      displayName: 'Alice "Al" Smith',
    });
    expect(parseNameAddr("Bob  Smith <sip:bob@example.com>", "To").displayName).toBe("Bob Smith");
    expect(parseNameAddr("caller<sip:caller@example.com>", "From").displayName).toBe("caller");
    expect(parseNameAddr("<sip:x@example.com>", "To").displayName).toBeUndefined();
  });

  test("without <> the parameters belong to the header; inside <> to the URI", () => {
    const bare = parseNameAddr("sip:a@example.com;tag=1", "From");
    expect([bare.params.get("tag"), bare.uri.kind === "sip" && bare.uri.params.size]).toEqual(["1", 0]);
    const bracketed = parseNameAddr("<sip:a@example.com;transport=tcp>;tag=1", "From");
    expect(bracketed.uri.kind === "sip" && bracketed.uri.params.get("transport")).toBe("tcp");
  });

  test("broken forms are refused", () => {
    for (const text of [
      '"unterminated <sip:a@b.example>',
      "Bell, Alexander <sip:a@b.example>",
      "< sip:a@b.example >",
      "<sip:a@b.example",
      "sip:a@b.example?x=1",
      "<sip:a@b.example>;=x",
      "<sip:a@b.example> trailing",
    ]) {
      expect(() => parseNameAddr(text, "From")).toThrow();
    }
  });

  test("formatting always brackets the URI and quotes the display name", () => {
    const value = parseNameAddr('"Doe, \\"J\\"" <sip:j@example.com;transport=tcp>;tag=abc', "From");
    expect(formatNameAddr(value)).toBe('"Doe, \\"J\\"" <sip:j@example.com;transport=tcp>;tag=abc');
    expect(parseNameAddr(formatNameAddr(value), "From")).toEqual(value);
  });
});
