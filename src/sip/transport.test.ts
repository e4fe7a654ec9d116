import { afterEach, describe, expect, test } from "bun:test";
import {
  headerOf,
  outgoing,
  requestText,
  statusOf,
  tcpListener,
  tcpPeer,
  testEndpoint,
  udpPeer,
  waitFor,
} from "../../tests/sip/support.ts";
import type { SipEndpoint } from "./endpoint.ts";
import type { SipRequest } from "./message.ts";
import type { ServerTransaction } from "./transactions/server-transaction.ts";

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function endpoint(options: Parameters<typeof testEndpoint>[0] = {}) {
  const t = await testEndpoint(options);
  closers.push(() => t.endpoint.close());
  return t;
}

async function peer(host = "127.0.0.1") {
  const p = await udpPeer(host);
  closers.push(() => p.close());
  return p;
}

describe("UDP: responses go where RFC 3261 §18.2.2 and RFC 3581 say", () => {
  test("with rport, the response goes to the source address and port, and the Via says received and rport", async () => {
    const { udpPort } = await endpoint();
    const client = await peer("127.0.0.2");
    client.send(requestText({ via: "SIP/2.0/UDP phone.invalid:5999;branch=z9hG4bKr1;rport" }), udpPort);
    const reply = await client.next("the 200 to OPTIONS");
    expect(statusOf(reply.text)).toBe(200);
    expect(reply.address).toBe("127.0.0.1");
    expect(headerOf(reply.text, "Via")).toBe(`SIP/2.0/UDP phone.invalid:5999;branch=z9hG4bKr1;rport=${client.port};received=127.0.0.2`);
  });

  test("without rport, the response goes to the sent-by port; received is added only when the host differs", async () => {
    const { udpPort } = await endpoint();
    const sender = await peer("127.0.0.2");
    const listener = await peer("127.0.0.2");
    sender.send(requestText({ via: `SIP/2.0/UDP 127.0.0.2:${listener.port};branch=z9hG4bKr2` }), udpPort);
    const same = await listener.next("the response at the sent-by port");
    expect(headerOf(same.text, "Via")).toBe(`SIP/2.0/UDP 127.0.0.2:${listener.port};branch=z9hG4bKr2`);
    sender.send(requestText({ via: `SIP/2.0/UDP phone.invalid:${listener.port};branch=z9hG4bKr3`, callId: "c3" }), udpPort);
    const named = await listener.next("the response to a named sent-by");
    expect(headerOf(named.text, "Via")).toBe(`SIP/2.0/UDP phone.invalid:${listener.port};branch=z9hG4bKr3;received=127.0.0.2`);
    expect(sender.inbox).toEqual([]);
  });

  test("a received parameter the client wrote itself does not steer the response elsewhere", async () => {
    const { udpPort } = await endpoint();
    const client = await peer("127.0.0.2");
    client.send(requestText({ via: `SIP/2.0/UDP 127.0.0.2:${client.port};branch=z9hG4bKr4;received=127.0.0.9` }), udpPort);
    const reply = await client.next();
    expect(headerOf(reply.text, "Via")).toContain("received=127.0.0.2");
  });
});

describe("TCP", () => {
  test("responses go back on the same connection; messages split or joined across reads are all answered", async () => {
    const { tcpPort } = await endpoint();
    const conn = await tcpPeer(tcpPort);
    closers.push(conn.close);
    const via = (b: string) => `SIP/2.0/TCP client.invalid:5060;branch=${b};rport`;
    const first = requestText({ via: via("z9hG4bKt1"), callId: "t1" });
    conn.write(first.slice(0, 40));
    conn.write(first.slice(40) + requestText({ via: via("z9hG4bKt2"), callId: "t2" }));
    await waitFor(() => (conn.state.text.match(/SIP\/2\.0 200/g) ?? []).length === 2, "two responses");
    expect(conn.state.text).toContain(`rport=${conn.localPort};received=127.0.0.1`);
  });

  test("a connection holding half a message is cut when the partial-message timeout passes on the clock", async () => {
    const { endpoint: ep, clock, tcpPort, counters } = await endpoint({ partialMessageTimeoutMs: 5_000 });
    const conn = await tcpPeer(tcpPort);
    conn.write(requestText({ via: "SIP/2.0/TCP client.invalid;branch=z9hG4bKp1" }).slice(0, 60));
    await waitFor(() => ep.stats.tcpPendingBytes === 60, "the server to hold the partial message");
    clock.advance(4_999);
    expect(conn.state.closed).toBe(false);
    clock.advance(1);
    await waitFor(() => conn.state.closed, "the server to close the connection");
    expect(counters.rejections.get("idle_timeout")).toBe(1);
    expect(ep.stats.tcpConnections).toBe(0);
  });

  test("a stream that loses framing gets its 400 and is closed", async () => {
    const { tcpPort } = await endpoint();
    const conn = await tcpPeer(tcpPort);
    conn.write(requestText({ via: "SIP/2.0/TCP client.invalid;branch=z9hG4bKf1" }).replace("Content-Length: 0\r\n", ""));
    await waitFor(() => conn.state.closed, "the connection to close");
    expect(statusOf(conn.state.text)).toBe(400);
  });

  test("a response whose connection has closed goes on a new connection to the Via's sent-by port (§18.2.2), closed when idle", async () => {
    const { endpoint: ep, tcpPort, clock } = await endpoint({ idleTimeoutMs: 5_000 });
    let pending: ServerTransaction | undefined;
    ep.on("REGISTER", (_req, tx) => {
      pending = tx;
    });
    const listener = tcpListener();
    const received = listener.state;
    closers.push(listener.stop);
    const conn = await tcpPeer(tcpPort);
    conn.write(requestText({ method: "REGISTER", via: `SIP/2.0/TCP 127.0.0.1:${listener.port};branch=z9hG4bKgone` }));
    await waitFor(() => pending !== undefined, "the request to reach the handler");
    conn.close();
    await waitFor(() => ep.stats.tcpConnections === 0, "the connection to close");
    pending?.respond(200);
    await waitFor(() => statusOf(received.text) === 200, "the response on a new connection");
    // The far end cannot hold our connection open: it has the idle timeout of any other.
    clock.advance(4_999);
    expect([received.closed, ep.stats.tcpConnections]).toEqual([false, 1]);
    clock.advance(1);
    await waitFor(() => received.closed, "our connection to be closed when idle");
    expect(ep.stats.tcpConnections).toBe(0);
  });

  test("connections beyond the per-source limit are refused at once", async () => {
    const { endpoint: ep, tcpPort, counters } = await endpoint({ maxConnectionsPerSource: 2 });
    const conns = [await tcpPeer(tcpPort), await tcpPeer(tcpPort), await tcpPeer(tcpPort)];
    for (const c of conns) closers.push(c.close);
    await waitFor(() => conns[2]?.state.closed === true, "the third connection to be refused");
    expect(conns.map((c) => c.state.closed)).toEqual([false, false, true]);
    expect(counters.rejections.get("connection_limit")).toBe(1);
    expect(ep.stats.tcpConnections).toBe(2);
  });
});

describe("a far end that vanished", () => {
  async function vanishedUdpPort(): Promise<number> {
    const gone = await udpPeer();
    gone.close();
    return gone.port;
  }

  test("UDP: retransmissions to a closed port are refused (ECONNREFUSED) without harm; Timer F reports a 408", async () => {
    const { endpoint: ep, clock, udpPort, counters } = await endpoint();
    const port = await vanishedUdpPort();
    const heard: string[] = [];
    ep.request(options(ep), { transport: "UDP", address: "127.0.0.1", port }, (res, origin) => heard.push(`${res.status} ${origin}`));
    await waitFor(() => ep.stats.udpErrors >= 1, "the refusal of the request");
    clock.advance(500);
    // The kernel rate-limits ICMP (net.ipv4.icmp_ratelimit), so only the first refusals are certain to come back.
    await waitFor(() => ep.stats.udpErrors >= 2, "the refusal of the first retransmission");
    clock.advance(31_499);
    expect(heard).toEqual([]);
    clock.advance(1);
    expect(heard).toEqual(["408 timeout"]);
    expect(counters.messages.get("out OPTIONS")).toBe(11);
    const client = await peer();
    client.send(requestText({ via: "SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKalive;rport" }), udpPort);
    expect(statusOf((await client.next("an answer after the failures")).text)).toBe(200);
  });

  test("UDP: the refusal left by a vanished peer does not cost the next peer its message", async () => {
    const { endpoint: ep } = await endpoint();
    const dead = await vanishedUdpPort();
    const live = await peer();
    const none = () => {};
    // Same tick: the ICMP error of the first send is still pending on the socket when the second one goes out.
    ep.request(options(ep), { transport: "UDP", address: "127.0.0.1", port: dead }, none);
    ep.request(options(ep), { transport: "UDP", address: "127.0.0.1", port: live.port }, none);
    expect((await live.next("the request to the live peer")).text).toStartWith("OPTIONS sip:far@127.0.0.1 SIP/2.0");
  });

  test("TCP: a request to a closed port comes back as a 503 transport error", async () => {
    const { endpoint: ep } = await endpoint();
    const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = listener.port;
    listener.stop(true);
    const heard: string[] = [];
    ep.request(options(ep), { transport: "TCP", address: "127.0.0.1", port }, (res, origin) => heard.push(`${res.status} ${origin}`));
    await waitFor(() => heard.length > 0, "the transport error");
    expect(heard).toEqual(["503 transport-error"]);
    expect(ep.stats.clientTransactions).toBe(0);
  });
});

function options(ep: SipEndpoint): SipRequest {
  return outgoing("OPTIONS", "sip:far@127.0.0.1", `probe-${ep.stats.clientTransactions}-${Math.random()}`);
}
