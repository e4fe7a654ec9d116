import { describe, expect, test } from "bun:test";
import type { Socket } from "bun";
import { ManualClock, silentLogger } from "../shared/index.ts";
import { DEFAULT_LIMITS } from "./message.ts";
import { MAX_BACKLOG_BYTES, TcpConnection } from "./tcp-connection.ts";

/** A peer that sends requests but never reads the answers must not make the box hold them without bound (Q6). */

function connectionToDeafPeer() {
  const clock = new ManualClock();
  const seen = { terminated: false, ended: false, timedOut: 0 };
  const connection = new TcpConnection({ address: "127.0.0.9", port: 5060, transport: "TCP" }, true, false, {
    clock,
    log: silentLogger,
    limits: DEFAULT_LIMITS,
    partialMessageTimeoutMs: 10_000,
    idleTimeoutMs: 60_000,
    hooks: { admit: () => true, receive: () => {}, trusted: () => false },
    active: () => {},
    timedOut: () => seen.timedOut++,
  });
  // The kernel's buffer toward the peer is full: the socket takes nothing more.
  const socket = { write: () => 0, terminate: () => (seen.terminated = true), end: () => (seen.ended = true) };
  connection.attach(socket as unknown as Socket<TcpConnection | undefined>);
  return { clock, connection, seen };
}

describe("a TCP peer that does not read", () => {
  test("answers queued past the backlog cap close the connection and fail instead of piling up", () => {
    const { connection, seen } = connectionToDeafPeer();
    const answer = new Uint8Array(500);
    let failed = 0;
    const fits = Math.floor(MAX_BACKLOG_BYTES / answer.length);
    for (let i = 0; i < fits; i++) connection.write(answer, () => failed++);
    expect(seen.terminated).toBe(false);
    connection.write(answer, () => failed++);
    expect(seen.terminated).toBe(true);
    expect(failed).toBe(1);
    connection.closed();
    expect(failed).toBe(fits + 1);
  });

  test("an answer still unread when the idle time runs out closes the connection at once", () => {
    const { clock, connection, seen } = connectionToDeafPeer();
    connection.onData(new TextEncoder().encode("\r\n\r\n"));
    connection.write(new Uint8Array(500), () => {});
    clock.advance(60_000);
    expect(seen.timedOut).toBe(1);
    expect(seen.terminated).toBe(true);
  });
});
