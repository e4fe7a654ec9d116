import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { classify } from "./classify.ts";
import type { IncomingMessage, IncomingRequest, ParseResult } from "./message.ts";
import { parseDatagram } from "./parse.ts";
import { createResponse } from "./response.ts";
import { serializeMessage } from "./serialize.ts";

/** The shared torture messages live beside the repository and are never copied into it. */
const DIR = join(import.meta.dir, "..", "..", "..", "shared", "sip-torture");

type Outcome = "accept" | "drop" | number;
/** file → [README verdict, whether it parses, what this UAS does] (README "How to use the verdicts"). */
const TABLE: Record<string, readonly [string, boolean, Outcome]> = {
  "wsinv.dat": ["ACCEPT", true, "accept"],
  "intmeth.dat": ["ACCEPT", true, 501],
  "esc01.dat": ["ACCEPT", true, "accept"],
  "escnull.dat": ["ACCEPT", true, "accept"],
  "esc02.dat": ["ACCEPT", true, 501],
  "lwsdisp.dat": ["ACCEPT", true, "accept"],
  "longreq.dat": ["ACCEPT", true, "accept"],
  "dblreq.dat": ["ACCEPT", true, "accept"],
  "semiuri.dat": ["ACCEPT", true, "accept"],
  "transports.dat": ["ACCEPT", true, "accept"],
  // MESSAGE is a method this UAS knows but does not handle: 405 with Allow (RFC 3261 §8.2.1).
  "mpart01.dat": ["ACCEPT", true, 405],
  "unreason.dat": ["ACCEPT", true, "accept"],
  "noreason.dat": ["ACCEPT", true, "accept"],
  "badinv01.dat": ["REJECT", false, 400],
  "clerr.dat": ["REJECT", false, 400],
  "ncl.dat": ["REJECT", false, 400],
  "scalar02.dat": ["REJECT", false, 400],
  "scalarlg.dat": ["REJECT (drop)", false, "drop"],
  "quotbal.dat": ["REJECT", false, 400],
  "ltgtruri.dat": ["REJECT", false, 400],
  "lwsruri.dat": ["REJECT", false, 400],
  "lwsstart.dat": ["REJECT (or liberal accept)", false, 400],
  "trws.dat": ["REJECT (or liberal accept)", false, 400],
  "escruri.dat": ["REJECT (or liberal accept)", false, 400],
  // Date plays no part in processing here, so it is ignored rather than rejected.
  "baddate.dat": ["REJECT (or ignore Date)", true, "accept"],
  "regbadct.dat": ["REJECT (or liberal accept)", false, 400],
  "badaspec.dat": ["REJECT (or liberal accept)", false, 400],
  "baddn.dat": ["REJECT", false, 400],
  "badvers.dat": ["REJECT", true, 505],
  "mismatch01.dat": ["REJECT", true, 400],
  "mismatch02.dat": ["REJECT", true, 501],
  "bigcode.dat": ["REJECT (drop)", false, "drop"],
  "badbranch.dat": ["REJECT (or RFC 2543 fallback)", true, 400],
  "insuf.dat": ["REJECT", false, 400],
  "unkscm.dat": ["ACCEPT (parse) -> 416", true, 416],
  "novelsc.dat": ["ACCEPT (parse) -> 416/404", true, 416],
  "unksm2.dat": ["ACCEPT (parse)", true, 400],
  "bext01.dat": ["ACCEPT (parse) -> 420", true, 420],
  "invut.dat": ["ACCEPT (parse) -> 415", true, 415],
  // Accepted by the parser and classifier; the registrar's digest step then challenges it (see below).
  "regaut01.dat": ["ACCEPT (parse) -> 401/405", true, "accept"],
  "multi01.dat": ["REJECT", false, 400],
  "mcl01.dat": ["REJECT", false, 400],
  "bcast.dat": ["ACCEPT (parse) -> drop", true, "drop"],
  "zeromf.dat": ["ACCEPT (parse)", true, "accept"],
  "cparam01.dat": ["ACCEPT", true, "accept"],
  "cparam02.dat": ["ACCEPT", true, "accept"],
  "regescrt.dat": ["ACCEPT", true, "accept"],
  "sdp01.dat": ["ACCEPT (parse) -> 406/400", true, 406],
  "inv2543.dat": ["ACCEPT", true, "accept"],
  "rfc5118/ipv6-good.dat": ["ACCEPT", true, "accept"],
  "rfc5118/ipv6-bad.dat": ["REJECT (400)", false, 400],
  "rfc5118/port-ambiguous.dat": ["ACCEPT", true, "accept"],
  "rfc5118/port-unambiguous.dat": ["ACCEPT", true, "accept"],
  "rfc5118/via-received-param-with-delim.dat": ["ACCEPT", true, "accept"],
  "rfc5118/via-received-param-no-delim.dat": ["ACCEPT", true, "accept"],
  "rfc5118/ipv6-in-sdp.dat": ["ACCEPT", true, "accept"],
  "rfc5118/mult-ip-in-header.dat": ["ACCEPT", true, "accept"],
  "rfc5118/mult-ip-in-sdp.dat": ["ACCEPT", true, "accept"],
  "rfc5118/ipv4-mapped-ipv6.dat": ["ACCEPT", true, "accept"],
  "rfc5118/ipv6-bug-abnf-3-colons.dat": ["TOLERATE", true, "accept"],
  "rfc5118/ipv6-correct-abnf-2-colons.dat": ["ACCEPT", true, "accept"],
};

const read = (file: string) => new Uint8Array(readFileSync(join(DIR, file)));
const parse = (file: string) => parseDatagram(read(file));

function outcomeOf(result: ParseResult): Outcome {
  const verdict = classify(result);
  return verdict.action === "respond" ? verdict.status : verdict.action;
}

function parsed(file: string): IncomingMessage {
  const result = parse(file);
  if (!result.ok) throw new Error(`${file} did not parse: ${result.error.reason}`);
  return result.message;
}

const request = (file: string) => parsed(file) as IncomingRequest;

describe("RFC 4475 / RFC 5118 torture messages", () => {
  test("the shared folder is present and every .dat in it has an expectation", () => {
    expect(existsSync(DIR), `missing ${DIR}: the torture suite cannot run without it`).toBe(true);
    const files = [...readdirSync(DIR), ...readdirSync(join(DIR, "rfc5118")).map((f) => `rfc5118/${f}`)].filter((f) => f.endsWith(".dat"));
    expect(files.sort()).toEqual(Object.keys(TABLE).sort());
    expect(files).toHaveLength(61);
  });

  for (const [file, [verdict, parses, outcome]] of Object.entries(TABLE)) {
    test(`${file} (${verdict}) → ${outcome}`, () => {
      const result = parse(file);
      expect(result.ok).toBe(parses);
      expect(outcomeOf(result)).toBe(outcome);
      const v = classify(result);
      if (v.action !== "respond") return;
      const head = result.ok && result.message.kind === "request" ? result.message : result.ok ? undefined : result.error.request;
      if (!head) throw new Error("a respond verdict needs a request head");
      const wire = new TextDecoder().decode(serializeMessage(createResponse(head, v.status, { reason: v.reason, headers: v.headers })));
      expect(wire.startsWith(`SIP/2.0 ${v.status} `)).toBe(true);
    });
  }
});

describe("what the torture messages mean once parsed", () => {
  test("wsinv: folding and LWS everywhere, leading zeros, compact and unknown headers", () => {
    const req = request("wsinv.dat");
    expect(req.maxForwards).toBe(68);
    expect(req.cseq).toEqual({ seq: 9, method: "INVITE" });
    expect(req.from.displayName).toBe('J Rosenberg \\"');
    expect(req.from.params.get("tag")).toBe("98asjd8");
    expect(req.to.params.get("tag")).toBe("1918181833n");
    expect(req.via.map((v) => [v.transport, v.host, v.branch])).toEqual([
      ["UDP", "192.0.2.2", "390skdjuw"],
      ["TCP", "spindle.example.com", "z9hG4bK9ikj8"],
      ["UDP", "192.168.255.111", "z9hG4bK30239"],
    ]);
    expect(req.headers.get("NewFangledHeader")).toBe("newfangled value continued newfangled value");
    expect(req.headers.get("Subject")).toBe("");
    const contact = req.contacts === "*" ? undefined : req.contacts[0];
    expect(contact?.displayName).toBe('Quoted string ""');
    expect([...(contact?.params ?? [])]).toEqual([
      ["newparam", "newvalue"],
      ["secondparam", null],
      ["q", "0.33"],
    ]);
    expect(req.body.length).toBe(150);
  });

  test("intmeth: unusual characters in method, URI, display names, Call-ID and header names", () => {
    const req = request("intmeth.dat");
    expect(req.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(req.requestUri).toMatchObject({ user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", host: "example.com" });
    expect(req.to.displayName).toBe("BEL:\x07 NUL:\x00 DEL:\x7f");
    expect(req.from.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(req.from.params.get("fromparam''~+*_!.-%")).toBe('"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439"');
    expect(req.callId).toBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    expect(req.headers.get("extensionHeader-!.%*+_`'~")).toBe("\ufeff\u5927\u505c\u96fb");
  });

  test("escapes: R-URI user, escaped NULs, % that is not an escape", () => {
    expect(request("esc01.dat").requestUri).toMatchObject({ user: "sips:user@example.com", host: "example.net" });
    expect(request("esc01.dat").from.uri).toMatchObject({ user: "I have spaces" });
    const contacts = request("escnull.dat").contacts;
    expect(contacts === "*" ? [] : contacts.map((c) => c.uri.kind === "sip" && c.uri.user)).toEqual(["\0", "\0\0"]);
    const esc02 = request("esc02.dat");
    expect(esc02.method).toBe("RE%47IST%45R");
    expect(esc02.to.displayName).toBe("%Z%45");
    expect(esc02.contacts).toHaveLength(2);
    expect(esc02.headers.get("C%6Fntact")).toBe("<sip:alias2@host2.example.com>");
    expect(request("semiuri.dat").requestUri).toMatchObject({ user: "user;par=u@example.net", host: "example.com" });
  });

  test("framing over UDP: trailing octets ignored, Content-Length frames binary bodies, no Content-Length takes the rest", () => {
    const dbl = request("dblreq.dat");
    expect(dbl.method).toBe("REGISTER");
    expect(dbl.body.length).toBe(0);
    expect(request("mpart01.dat").body.length).toBe(553);
    const rfc2543 = request("inv2543.dat");
    expect(new TextDecoder().decode(rfc2543.body)).toStartWith("v=0\r\n");
    expect(rfc2543.via[0]?.branch).toBeUndefined();
    expect(rfc2543.maxForwards).toBeUndefined();
  });

  test("Contact parameters belong to the header without <> and to the URI inside them; escaped headers stay in the URI", () => {
    const [c1] = request("cparam01.dat").contacts as readonly { uri: { kind: string; params?: unknown }; params: unknown }[];
    expect(c1?.params).toEqual(new Map([["unknownparam", null]]));
    expect(c1?.uri.params).toEqual(new Map());
    const [c2] = request("cparam02.dat").contacts as readonly { uri: { params?: unknown }; params: unknown }[];
    expect(c2?.uri.params).toEqual(new Map([["unknownparam", null]]));
    const [c3] = request("regescrt.dat").contacts as readonly { uri: { headers?: unknown } }[];
    expect(c3?.uri.headers).toEqual([["Route", "<sip:sip.example.com>"]]);
  });

  test("responses with an unusual or empty reason phrase", () => {
    const unreason = parsed("unreason.dat");
    expect(unreason.kind === "response" && unreason.reason).toStartWith("= 2**3 * 5**2 \u043d\u043e");
    const noreason = parsed("noreason.dat");
    expect(noreason.kind === "response" && [noreason.status, noreason.reason]).toEqual([100, ""]);
  });

  test("transports and unknown URI schemes in headers", () => {
    expect(request("transports.dat").via.map((v) => v.transport)).toEqual(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"]);
    const unksm2 = request("unksm2.dat");
    expect(unksm2.to.uri).toEqual({ kind: "other", scheme: "isbn", opaque: "2983792873" });
    expect(unksm2.from.uri).toEqual({ kind: "other", scheme: "http", opaque: "//www.example.com" });
  });

  test("RFC 5118: IPv6 references, ports and received values", () => {
    expect(request("rfc5118/port-ambiguous.dat").requestUri).toMatchObject({ host: "[2001:db8::10:5070]", port: undefined });
    expect(request("rfc5118/port-unambiguous.dat").requestUri).toMatchObject({ host: "[2001:db8::10]", port: 5070 });
    expect(request("rfc5118/via-received-param-with-delim.dat").via[0]?.received).toBe("[2001:db8::9:255]");
    expect(request("rfc5118/via-received-param-no-delim.dat").via[0]?.received).toBe("2001:db8::9:255");
    const mult = request("rfc5118/mult-ip-in-header.dat").via;
    expect(mult.map((v) => [v.host, v.port ?? null, v.hostKind])).toEqual([
      ["[2001:db8::9:1]", 6050, "ipv6"],
      ["192.0.2.1", null, "ipv4"],
      ["[2001:db8::9:255]", null, "ipv6"],
    ]);
    expect(request("rfc5118/ipv4-mapped-ipv6.dat").via[0]).toMatchObject({ host: "[::ffff:192.0.2.10]", port: 19823 });
    expect(request("rfc5118/ipv6-bug-abnf-3-colons.dat").requestUri).toMatchObject({ host: "[2001:db8:::192.0.2.1]", hostKind: "ipv6" });
  });

  test("the 400s name the problem", () => {
    const reasons = Object.fromEntries(
      ["insuf.dat", "quotbal.dat", "mcl01.dat", "multi01.dat", "baddn.dat", "badinv01.dat"].map((f) => {
        const v = classify(parse(f));
        return [f, v.action === "respond" ? v.reason : v.action];
      }),
    );
    expect(reasons).toEqual({
      "insuf.dat": "Missing From, To, Call-ID headers",
      "quotbal.dat": "To: unterminated quoted string",
      "mcl01.dat": "Multiple Content-Length headers",
      "multi01.dat": "Multiple From headers",
      "baddn.dat": "From: display name with special characters must be quoted",
      "badinv01.dat": "Via: empty parameter",
    });
  });

  test("a 420 lists every unsupported option tag; 415 and 405/501 say what is accepted", () => {
    const headersOf = (f: string) => {
      const v = classify(parse(f));
      return v.action === "respond" ? v.headers : [];
    };
    expect(headersOf("bext01.dat")).toEqual([{ name: "Unsupported", value: "nothingSupportsThis, nothingSupportsThisEither" }]);
    expect(headersOf("invut.dat")).toEqual([{ name: "Accept", value: "application/sdp, application/dtmf-relay, application/dtmf" }]);
    expect(headersOf("intmeth.dat")).toEqual([{ name: "Allow", value: "INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, INFO" }]);
  });
});
