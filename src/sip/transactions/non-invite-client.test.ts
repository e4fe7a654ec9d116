import { describe, expect, test } from "bun:test";
import { IllegalTransition, transition } from "./machine.ts";
import { NON_INVITE_CLIENT_TABLE, NonInviteClientTransaction } from "./non-invite-client.ts";
import { receivedRequest, recordingEnv, responseTo, TCP_PEER, UDP_PEER } from "./testing.ts";

function start(peer = UDP_PEER) {
  const rec = recordingEnv();
  const request = receivedRequest("register");
  const heard: string[] = [];
  const tx = new NonInviteClientTransaction(rec.env, request, peer, "z9hG4bKtest", (res, origin) => heard.push(`${res.status} ${origin}`));
  tx.start();
  return { ...rec, tx, request, heard };
}

function sendTimes(rec: { clock: { now(): number; advance(ms: number): void }; wire(): string[] }, until: number): number[] {
  const times: number[] = [];
  const t0 = rec.clock.now();
  for (let ms = 0; ms < until; ms += 100) {
    const before = rec.wire().length;
    rec.clock.advance(100);
    if (rec.wire().length > before) times.push(rec.clock.now() - t0);
  }
  return times;
}

describe("non-INVITE client transaction (RFC 3261 §17.1.2)", () => {
  test("Timer E retransmits at T1 doubling to T2, and Timer F reports a 408 after 64*T1", () => {
    const rec = start();
    expect(sendTimes(rec, 40_000)).toEqual([500, 1_500, 3_500, 7_500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500]);
    expect(rec.tx.state).toBe("terminated");
    expect(rec.heard).toEqual(["408 timeout"]);
  });

  test("after a provisional response Timer E runs at T2", () => {
    const rec = start();
    rec.clock.advance(600);
    rec.tx.receive(responseTo(rec.request, 100));
    expect(rec.tx.state).toBe("proceeding");
    // The pending Timer E (1 s) fires at 1.5 s and is then reset to T2 each time.
    expect(sendTimes(rec, 10_000)).toEqual([900, 4_900, 8_900]);
  });

  test("the final response goes up once; retransmissions of it are absorbed until Timer K (T4)", () => {
    const rec = start();
    const ok = responseTo(rec.request, 200, { toTag: "r" });
    rec.tx.receive(ok);
    rec.tx.receive(ok);
    rec.clock.advance(4_999);
    expect(rec.tx.state).toBe("completed");
    rec.clock.advance(1);
    expect(rec.tx.state).toBe("terminated");
    expect(rec.heard).toEqual(["200 network"]);
    expect(rec.wire()).toEqual(["REGISTER"]);
  });

  test("over TCP: no retransmissions, Timer F still applies, Timer K is zero", () => {
    const rec = start(TCP_PEER);
    expect(sendTimes(rec, 32_000)).toEqual([]);
    expect(rec.heard).toEqual(["408 timeout"]);
    const other = start(TCP_PEER);
    other.tx.receive(responseTo(other.request, 401, { toTag: "r" }));
    expect(other.tx.state).toBe("terminated");
  });

  test("the table refuses a move it does not list, and a terminated transaction ignores late responses", () => {
    expect(() => transition("t", NON_INVITE_CLIENT_TABLE, "completed", "timerE")).toThrow(IllegalTransition);
    expect(() => transition("t", NON_INVITE_CLIENT_TABLE, "terminated", "final")).toThrow(IllegalTransition);
    const rec = start(TCP_PEER);
    rec.tx.receive(responseTo(rec.request, 200, { toTag: "r" }));
    rec.tx.receive(responseTo(rec.request, 200, { toTag: "r" }));
    expect(rec.heard).toEqual(["200 network"]);
    expect(() => rec.tx.start()).toThrow(IllegalTransition);
  });
});
