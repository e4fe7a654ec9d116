import { afterEach, describe, expect, test } from "bun:test";
import { silentLogger } from "../shared/index.ts";
import { OutboundStream } from "./outbound-stream.ts";
import { PortPool } from "./port-pool.ts";
import { RtpSession } from "./rtp-session.ts";
import { RtpTestPeer } from "../../tests/support/rtp-peer.ts";
import { ManualScheduler, type MediaScheduler, RealtimeScheduler } from "./scheduler.ts";

/** Each test file gets its own stretch of ports, so parallel runs do not fight over them. */
const pool = new PortPool({ first: 41000, last: 41999 });
const opened: { close(): void }[] = [];

async function session(scheduler: MediaScheduler = new ManualScheduler(), rtcpIntervalMs?: number, ssrc = 1): Promise<RtpSession> {
  const result = await RtpSession.open({ pool, host: "127.0.0.1", scheduler, log: silentLogger, ssrc, rtcpIntervalMs });
  if (!result.ok) throw new Error(result.error);
  opened.push(result.value);
  return result.value;
}

async function peer(host?: string): Promise<RtpTestPeer> {
  const p = await RtpTestPeer.open(host);
  opened.push(p);
  return p;
}

/** Waits for packets in flight on loopback: polls the condition, fails after `ms`. */
async function until(condition: () => boolean, ms = 2000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(2);
  }
}

const frame = (i: number) => new Uint8Array(160).fill(i & 0xff);

afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

describe("RTP session over real UDP (loopback)", () => {
  test("binds an even RTP port with RTCP on the next one", async () => {
    const s = await session();
    expect(s.port % 2).toBe(0);
    expect(pool.inUse).toBe(1);
    s.close();
    expect(pool.inUse).toBe(0);
  });

  test("two sessions exchange 100 frames each way: every packet counted, none lost", async () => {
    const [a, b] = [await session(), await session()];
    a.setRemote({ address: "127.0.0.1", port: b.port });
    b.setRemote({ address: "127.0.0.1", port: a.port });
    const [streamA, streamB] = [new OutboundStream(), new OutboundStream()];
    const payloads: number[] = [];
    b.onPacket((p) => payloads.push(p.payload[0]!));
    for (let i = 0; i < 100; i++) {
      a.send(streamA.audio(1, i * 160, false, 160, i * 20), 0, frame(i));
      b.send(streamB.audio(2, i * 160, false, 160, i * 20), 8, frame(i));
    }
    await until(() => a.stats().received.packets === 100 && b.stats().received.packets === 100);
    expect(a.stats()).toMatchObject({ sent: { packets: 100, bytes: 16000, errors: 0 }, received: { packets: 100, bytes: 16000, lost: 0 } });
    expect(b.stats().received).toMatchObject({ packets: 100, lost: 0, discarded: 0 });
    expect(payloads).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  test("symmetric RTP: the first packet from the expected IP latches its port; other sources are discarded", async () => {
    const s = await session();
    const [announced, actual, stranger] = [await peer(), await peer(), await peer("127.0.0.2")];
    s.setRemote({ address: "127.0.0.1", port: announced.port });
    const stream = new OutboundStream();
    stranger.send(s.port, frame(1));
    actual.send(s.port, frame(2));
    await until(() => s.stats().received.packets + s.stats().received.discarded === 2);
    s.send(stream.audio(1, 0, false, 160, 0), 0, frame(3));
    announced.send(s.port, frame(4));
    await actual.waitFor(1);
    await until(() => s.stats().received.discarded === 2);
    expect(s.remote).toEqual({ address: "127.0.0.1", port: actual.port, latched: true });
    expect(s.stats().received.packets).toBe(1);
    expect(announced.received).toHaveLength(0);
    s.setRemote({ address: "127.0.0.1", port: announced.port });
    expect(s.remote?.latched).toBe(false);
  });

  test("a far end that vanishes mid-stream: sends fail quietly, errors are counted, and the process carries on", async () => {
    const s = await session();
    const far = await peer();
    s.setRemote({ address: "127.0.0.1", port: far.port });
    const stream = new OutboundStream();
    for (let i = 0; i < 10; i++) s.send(stream.audio(1, i * 160, false, 160, i * 20), 0, frame(i));
    await far.waitFor(10);
    far.close();
    for (let i = 10; i < 60; i++) {
      expect(() => s.send(stream.audio(1, i * 160, false, 160, i * 20), 0, frame(i))).not.toThrow();
      await Bun.sleep(1); // give each ICMP "port unreachable" time to come back to the socket
    }
    await until(() => s.stats().sent.errors > 0);
    // Still alive and still working: a new far end on the same session gets the next packets.
    const next = await peer();
    s.setRemote({ address: "127.0.0.1", port: next.port });
    s.send(stream.audio(1, 60 * 160, false, 160, 1200), 0, frame(60));
    await next.waitFor(1);
    expect(next.received[0]?.payload[0]).toBe(60);
  });

  test("RTCP: each side reports what it received, and reads the other's report about its own stream", async () => {
    const scheduler = new RealtimeScheduler();
    const stream = new OutboundStream();
    const [a, b] = [await session(scheduler, 40, stream.ssrc), await session(scheduler, 40)];
    a.setRemote({ address: "127.0.0.1", port: b.port });
    b.setRemote({ address: "127.0.0.1", port: a.port });
    for (const i of [0, 1, 2, 4, 5]) a.send(stream.audio(1, i * 160, false, 160, i * 20), 0, frame(i));
    await until(() => b.stats().received.packets === 5);
    // Packet 3 was never sent: the stream's sequence has no gap, so b sees no loss.
    // The round trip needs b to have seen one of a's sender reports first (LSR/DLSR).
    await until(() => (a.stats().remote?.roundTripMs ?? null) !== null);
    expect(a.stats().remote).toMatchObject({ fractionLost: 0, cumulativeLost: 0 });
    expect(a.stats().remote?.roundTripMs).toBeLessThan(100);
    expect(b.stats().remote).toBeNull();
  });

  test("the port range is a hard bound: with every pair taken, opening fails until one is closed", async () => {
    const small = new PortPool({ first: 42100, last: 42103 });
    const open = () => RtpSession.open({ pool: small, host: "127.0.0.1", scheduler: new ManualScheduler(), log: silentLogger, ssrc: 1 });
    const [first, second] = [await open(), await open()];
    const third = await open();
    expect(third).toEqual({ ok: false, error: "no free RTP port in the range" });
    if (first.ok) first.value.close();
    const again = await open();
    expect(again.ok && again.value.port).toBe(42100);
    for (const r of [second, again]) if (r.ok) r.value.close();
  });

  test("a port held by another program is skipped", async () => {
    const small = new PortPool({ first: 42200, last: 42203 });
    const squatter = await Bun.udpSocket({ hostname: "127.0.0.1", port: 42201 });
    const result = await RtpSession.open({ pool: small, host: "127.0.0.1", scheduler: new ManualScheduler(), log: silentLogger, ssrc: 1 });
    squatter.close();
    expect(result.ok && result.value.port).toBe(42202);
    if (result.ok) result.value.close();
  });
});
