/** Raw loopback peers and message text for the SIP transport, endpoint and guard tests. */
import { ManualClock } from "../../src/shared/index.ts";
import { CounterTally, type EndpointOptions, HeaderList, SipEndpoint, type SipRequest } from "../../src/sip/index.ts";

const decoder = new TextDecoder();

/** Polls until real I/O has happened (a datagram arrived, a socket closed); never used to wait for a timer. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(2);
  }
}

export type Datagram = { text: string; address: string; port: number };

/** A UDP socket on a loopback address that records what it receives. */
export async function udpPeer(host = "127.0.0.1") {
  const inbox: Datagram[] = [];
  const socket = await Bun.udpSocket({
    hostname: host,
    port: 0,
    binaryType: "uint8array",
    socket: {
      data: (_s, data, port, address) => {
        inbox.push({ text: decoder.decode(data), address, port });
      },
      error: () => {},
    },
  });
  return {
    address: host,
    port: socket.port,
    inbox,
    send: (text: string, port: number, address = "127.0.0.1") => socket.send(text, port, address),
    async next(what = "a datagram"): Promise<Datagram> {
      await waitFor(() => inbox.length > 0, what);
      return inbox.shift() as Datagram;
    },
    close: () => socket.close(),
  };
}

/** A TCP connection to a loopback port that records what it receives and whether it closed. */
export async function tcpPeer(port: number) {
  const state = { text: "", closed: false };
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data: (_s, data) => {
        state.text += decoder.decode(data);
      },
      close: () => {
        state.closed = true;
      },
      error: () => {},
    },
  });
  return { state, localPort: socket.localPort, write: (text: string) => socket.write(text), close: () => socket.end() };
}

/** A TCP listener on 127.0.0.1 that records what it receives and whether its peer's connection closed. */
export function tcpListener() {
  const state = { text: "", closed: false };
  const listener = Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data: (_s, data) => {
        state.text += decoder.decode(data);
      },
      close: () => {
        state.closed = true;
      },
    },
  });
  return { port: listener.port, state, stop: () => listener.stop(true) };
}

export type RequestSpec = {
  method?: string;
  via: string;
  callId?: string;
  cseq?: number;
  userAgent?: string;
  extra?: string[];
};

/** A request as text; `via` is the whole Via value, e.g. `SIP/2.0/UDP 127.0.0.2:5099;branch=z9hG4bKa;rport`. */
export function requestText(spec: RequestSpec): string {
  const method = spec.method ?? "OPTIONS";
  return [
    `${method} sip:service@127.0.0.1 SIP/2.0`,
    `Via: ${spec.via}`,
    "Max-Forwards: 70",
    "From: <sip:tester@127.0.0.2>;tag=from1",
    "To: <sip:service@127.0.0.1>",
    `Call-ID: ${spec.callId ?? "call-1@test"}`,
    `CSeq: ${spec.cseq ?? 1} ${method}`,
    ...(spec.userAgent ? [`User-Agent: ${spec.userAgent}`] : []),
    ...(spec.extra ?? []),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

export const statusOf = (text: string): number => Number(/^SIP\/2\.0 (\d{3})/.exec(text)?.[1] ?? 0);
export const headerOf = (text: string, name: string): string | undefined => new RegExp(`^${name}: (.*)$`, "mi").exec(text)?.[1]?.trim();

/** An endpoint on 127.0.0.1 with free UDP and TCP ports, the manual clock and counters to read. */
export async function testEndpoint(options: Partial<EndpointOptions> = {}) {
  const clock = new ManualClock();
  const counters = new CounterTally();
  const endpoint = await SipEndpoint.start({ host: "127.0.0.1", udpPort: 0, tcpPort: 0, clock, counters, ...options });
  const udpPort = endpoint.local("UDP")?.port ?? 0;
  const tcpPort = endpoint.local("TCP")?.port ?? 0;
  return { endpoint, clock, counters, udpPort, tcpPort };
}

/** A request of ours, without Via (the endpoint adds it). */
export function outgoing(
  method: string,
  uri = "sip:service@127.0.0.1",
  callId = `call-${Math.random().toString(36).slice(2)}`,
): SipRequest {
  const headers = new HeaderList([
    { name: "From", value: "<sip:switchboard@127.0.0.1>;tag=caller" },
    { name: "To", value: `<${uri}>` },
    { name: "Call-ID", value: callId },
    { name: "CSeq", value: `1 ${method}` },
    { name: "Contact", value: "<sip:switchboard@127.0.0.1>" },
  ]);
  return { kind: "request", method, uri, version: "SIP/2.0", headers, body: new Uint8Array(0) };
}
