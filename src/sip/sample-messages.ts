/** Well-formed messages in canonical form (long header names, CRLF, exact Content-Length), for tests and benches. */

const SDP = [
  "v=0",
  "o=alice 2890844526 2890844526 IN IP4 192.0.2.10",
  "s=-",
  "c=IN IP4 192.0.2.10",
  "t=0 0",
  "m=audio 49170 RTP/AVP 0 8 101",
  "a=rtpmap:101 telephone-event/8000",
  "",
].join("\r\n");

function message(lines: string[], body = ""): string {
  return `${[...lines, `Content-Length: ${new TextEncoder().encode(body).length}`].join("\r\n")}\r\n\r\n${body}`;
}

const DIALOG = [
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
  "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
];

export const SAMPLE_MESSAGES: Readonly<Record<string, string>> = {
  invite: message(
    [
      "INVITE sip:bob@biloxi.example.com SIP/2.0",
      "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;rport",
      "Max-Forwards: 70",
      "To: Bob <sip:bob@biloxi.example.com>",
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
      "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
      "CSeq: 314159 INVITE",
      "Contact: <sip:alice@pc33.atlanta.example.com>",
      "Content-Type: application/sdp",
    ],
    SDP,
  ),
  register: message([
    "REGISTER sip:registrar.biloxi.example.com SIP/2.0",
    "Via: SIP/2.0/TCP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7",
    "Max-Forwards: 70",
    "To: Bob <sip:bob@biloxi.example.com>",
    "From: Bob <sip:bob@biloxi.example.com>;tag=456248",
    "Call-ID: 843817637684230@998sdasdh09",
    "CSeq: 1826 REGISTER",
    "Contact: <sip:bob@192.0.2.4>;expires=7200",
    'Authorization: Digest username="bob", realm="biloxi.example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:registrar.biloxi.example.com", response="245f23415f11432b3434341c022"',
  ]),
  options: message([
    "OPTIONS sip:carol@chicago.example.com SIP/2.0",
    "Via: SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bKhjhs8ass877",
    "Max-Forwards: 70",
    "To: <sip:carol@chicago.example.com>",
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774",
    "Call-ID: a84b4c76e66710",
    "CSeq: 63104 OPTIONS",
    "Accept: application/sdp",
  ]),
  bye: message([
    "BYE sip:alice@pc33.atlanta.example.com SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKnashds10",
    "Max-Forwards: 70",
    ...DIALOG,
    "CSeq: 231 BYE",
  ]),
  ack: message([
    "ACK sip:bob@192.0.2.4 SIP/2.0",
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8",
    "Max-Forwards: 70",
    ...DIALOG,
    "CSeq: 314159 ACK",
  ]),
  ringing: message([
    "SIP/2.0 180 Ringing",
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5062",
    ...DIALOG,
    "CSeq: 314159 INVITE",
    "Contact: <sip:bob@192.0.2.4>",
  ]),
  ok: message(
    [
      "SIP/2.0 200 OK",
      "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1",
      ...DIALOG,
      "CSeq: 314159 INVITE",
      "Contact: <sip:bob@192.0.2.4>",
      "Content-Type: application/sdp",
    ],
    SDP,
  ),
  unauthorized: message([
    "SIP/2.0 401 Unauthorized",
    "Via: SIP/2.0/TCP bobspc.biloxi.example.com:5060;branch=z9hG4bKnashds7;received=192.0.2.4",
    "To: Bob <sip:bob@biloxi.example.com>;tag=2493k59kd",
    "From: Bob <sip:bob@biloxi.example.com>;tag=456248",
    "Call-ID: 843817637684230@998sdasdh09",
    "CSeq: 1826 REGISTER",
    'WWW-Authenticate: Digest realm="biloxi.example.com", qop="auth", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", algorithm=SHA-256',
  ]),
};

export const sampleBytes = (name: string): Uint8Array => new TextEncoder().encode(SAMPLE_MESSAGES[name] ?? "");
