import { afterEach, describe, expect, test } from "bun:test";
import { requestText, statusOf, testEndpoint, waitFor } from "../../tests/sip/support.ts";
import { openMany, type TcpClient, tcpFrom } from "../../tests/sip/tcp-from.ts";

/** Idle TCP connections must not shut SIP over TCP for the trunk or for newcomers (FEATURES Q2, Q6). */

const TRUNK = "127.0.0.200";
const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function endpoint(options: Parameters<typeof testEndpoint>[0]) {
  const t = await testEndpoint({ udpPort: null, guard: { trusted: [TRUNK] }, ...options });
  closers.push(() => t.endpoint.close());
  return t;
}

async function from(port: number, address: string): Promise<TcpClient> {
  const client = await tcpFrom(port, address);
  closers.push(client.close);
  return client;
}

let n = 0;
const options = (address: string) => requestText({ via: `SIP/2.0/TCP ${address}:5060;branch=z9hG4bKq${++n}`, callId: `q${n}` });

/** Sends an OPTIONS on the connection and waits for its 200 (or the connection's end). */
async function ask(client: TcpClient, address: string): Promise<number> {
  const before = client.state.text.length;
  client.write(options(address));
  await waitFor(() => statusOf(client.state.text.slice(before)) !== 0 || client.state.closed, `an answer to ${address}`);
  return statusOf(client.state.text.slice(before));
}

const openOnes = (clients: readonly TcpClient[]) => clients.map((c) => !c.state.closed);

describe("the overall connection cap", () => {
  test("idle connections from many addresses, each under the per-address cap, fill the cap: the trunk and a newcomer are still served", async () => {
    const { tcpPort, endpoint: ep } = await endpoint({ maxConnections: 8, maxConnectionsPerSource: 4 });
    const idle = await openMany(tcpPort, ["127.0.1.1", "127.0.1.2", "127.0.1.3"], 4);
    closers.push(...idle.map((c) => c.close));
    await waitFor(() => ep.stats.tcpConnections === 8 && idle.filter((c) => c.state.closed).length === 4, "the cap to be reached");
    expect(await ask(await from(tcpPort, TRUNK), TRUNK)).toBe(200);
    expect(await ask(await from(tcpPort, "127.0.2.1"), "127.0.2.1")).toBe(200);
  });

  test("when every place holds part of a message (nothing to evict), a newcomer is refused but the trunk still connects", async () => {
    const { tcpPort, endpoint: ep, counters } = await endpoint({ maxConnections: 4 });
    const busy = await Promise.all(["127.0.1.1", "127.0.1.2", "127.0.1.3", "127.0.1.4"].map((a) => from(tcpPort, a)));
    for (const c of busy) c.write("OPTIONS sip:service@127.0.0.1 SIP/2.0\r\n");
    await waitFor(() => ep.stats.tcpPendingBytes === 4 * 39, "four partial messages held");
    const newcomer = await from(tcpPort, "127.0.2.1");
    await waitFor(() => newcomer.state.closed, "the newcomer to be refused");
    expect(counters.rejections.get("connection_limit")).toBe(1);
    expect(await ask(await from(tcpPort, TRUNK), TRUNK)).toBe(200);
    expect(openOnes(busy)).toEqual([true, true, true, true]);
  });

  test("at the cap, the least recently active idle connection is closed to admit a new one", async () => {
    const { tcpPort, clock, endpoint: ep } = await endpoint({ maxConnections: 4, pressureIdleTimeoutMs: 600_000 });
    const addresses = ["127.0.1.1", "127.0.1.2", "127.0.1.3", "127.0.1.4"];
    const clients: TcpClient[] = [];
    for (const a of addresses) clients.push(await from(tcpPort, a));
    await waitFor(() => ep.stats.tcpConnections === 4, "four connections");
    clock.advance(1_000);
    expect(await ask(clients[0] as TcpClient, "127.0.1.1")).toBe(200);
    expect(await ask(await from(tcpPort, "127.0.2.1"), "127.0.2.1")).toBe(200);
    await waitFor(() => clients.some((c) => c.state.closed), "one connection to make room");
    expect(openOnes(clients)).toEqual([true, false, true, true]);
  });
});

describe("idle connections under pressure", () => {
  test("above half of the cap, connections idle for the short timeout are closed, oldest first, until half is reached", async () => {
    const { tcpPort, clock, endpoint: ep } = await endpoint({ maxConnections: 8, pressureIdleTimeoutMs: 1_000, idleTimeoutMs: 300_000 });
    const clients: TcpClient[] = [];
    for (let i = 1; i <= 6; i++) clients.push(await from(tcpPort, `127.0.1.${i}`));
    await waitFor(() => ep.stats.tcpConnections === 6, "six connections");
    clock.advance(500);
    expect(await ask(clients[0] as TcpClient, "127.0.1.1")).toBe(200);
    clock.advance(499);
    expect(ep.stats.tcpConnections).toBe(6);
    clock.advance(1);
    await waitFor(() => ep.stats.tcpConnections === 4, "two connections to be closed");
    await waitFor(() => clients.filter((c) => c.state.closed).length === 2, "the clients to see it");
    expect(openOnes(clients)).toEqual([true, false, false, true, true, true]);
    clock.advance(10_000);
    expect(ep.stats.tcpConnections).toBe(4);
  });
});

describe("the partial-message deadline", () => {
  test("runs from the first octet of each message: header lines trickled now and then do not extend it", async () => {
    const { tcpPort, clock, endpoint: ep } = await endpoint({ partialMessageTimeoutMs: 5_000 });
    const client = await from(tcpPort, "127.0.3.1");
    const first = options("127.0.3.1");
    const startLine = "OPTIONS sip:service@127.0.0.1 SIP/2.0\r\n";
    client.write(first.slice(0, 60));
    await waitFor(() => ep.stats.tcpPendingBytes === 60, "the first half of a message");
    clock.advance(3_000);
    // The first message ends and a second one begins in the same read: the second's deadline is 8 s.
    client.write(first.slice(60) + startLine);
    await waitFor(() => statusOf(client.state.text) === 200, "the answer to the first message");
    // Then a header line every 0.5 s for 4 s: the second message never ends.
    for (let i = 1; i <= 8; i++) {
      clock.advance(500);
      client.write(`X-Drip: ${i}\r\n`);
      await waitFor(() => ep.stats.tcpPendingBytes === startLine.length + i * 11, "the line to arrive");
    }
    clock.advance(999);
    expect(client.state.closed).toBe(false);
    clock.advance(1);
    await waitFor(() => client.state.closed, "the connection to be cut 5 s after the second message began");
  });
});
