import { describe, expect, test } from "bun:test";
import { InviteServerTransaction } from "./invite-server.ts";
import { IllegalTransition } from "./machine.ts";
import { receivedRequest, recordingEnv, TCP_PEER, UDP_PEER } from "./testing.ts";

function start(peer = UDP_PEER) {
  const rec = recordingEnv();
  const invite = receivedRequest("invite", peer);
  const tx = new InviteServerTransaction(rec.env, invite, peer, "key");
  return { ...rec, tx, invite };
}

describe("INVITE server transaction (RFC 3261 §17.2.1, RFC 6026)", () => {
  test("sends 100 Trying at once, to the received address and rport of the top Via", () => {
    const { tx, sent, wire } = start();
    expect(tx.state).toBe("proceeding");
    expect(wire()).toEqual(["100"]);
    expect(sent[0]?.to).toEqual({ transport: "UDP", address: "192.0.2.1", port: 5062 });
  });

  test("a retransmitted INVITE in Proceeding gets the latest provisional response again", () => {
    const { tx, invite, wire } = start();
    tx.receive(invite);
    tx.respond(180);
    tx.receive(invite);
    expect(wire()).toEqual(["100", "100", "180", "180"]);
  });

  test("a failure response is retransmitted on Timer G, doubling to T2, until Timer H ends it without an ACK", () => {
    const { tx, clock, wire, terminated } = start();
    let noAck = 0;
    tx.onNoAck = () => noAck++;
    tx.respond(486);
    const times: number[] = [];
    const t0 = clock.now();
    for (let ms = 0; ms < 32_000; ms += 100) {
      const before = wire().length;
      clock.advance(100);
      if (wire().length > before) times.push(clock.now() - t0);
    }
    // Timer G: 500, 1000, 2000, then 4000 (T2) each time; Timer H = 64*T1 = 32 s.
    expect(times).toEqual([500, 1_500, 3_500, 7_500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500]);
    expect(tx.state).toBe("terminated");
    expect(noAck).toBe(1);
    expect(terminated).toEqual([tx]);
    expect(wire().filter((s) => s === "486")).toHaveLength(11);
  });

  test("the ACK confirms: no more retransmissions, retransmitted INVITEs and ACKs absorbed, Timer I ends it", () => {
    const { tx, invite, clock, wire } = start();
    tx.respond(486);
    clock.advance(500);
    tx.receive(invite);
    expect(wire()).toEqual(["100", "486", "486", "486"]);
    const ack = receivedRequest("ack", UDP_PEER);
    tx.receive(ack);
    expect(tx.state).toBe("confirmed");
    tx.receive(invite);
    tx.receive(ack);
    clock.advance(4_999);
    expect(tx.state).toBe("confirmed");
    expect(wire()).toHaveLength(4);
    clock.advance(1);
    expect(tx.state).toBe("terminated");
  });

  test("over TCP the final response is sent once and the ACK ends the transaction at once", () => {
    const { tx, clock, wire } = start(TCP_PEER);
    tx.respond(603);
    clock.advance(10_000);
    expect(wire()).toEqual(["100", "603"]);
    tx.receive(receivedRequest("ack", TCP_PEER));
    expect(tx.state).toBe("terminated");
  });

  test("a 2xx is retransmitted until its ACK arrives; the user hears of the ACK once; Timer L ends it", () => {
    const { tx, invite, clock, wire } = start();
    const acks: string[] = [];
    tx.onAck = (ack) => acks.push(ack.method);
    tx.respond(200);
    expect(tx.state).toBe("accepted");
    clock.advance(1_500);
    tx.receive(invite);
    expect(wire()).toEqual(["100", "200", "200", "200"]);
    const ack = receivedRequest("ack", UDP_PEER);
    tx.acknowledge(ack);
    tx.acknowledge(ack);
    clock.advance(20_000);
    expect(wire()).toHaveLength(4);
    expect(acks).toEqual(["ACK"]);
    expect(tx.state).toBe("accepted");
    clock.advance(12_000);
    expect(tx.state).toBe("terminated");
  });

  test("a 2xx never acknowledged: retransmissions until Timer L, then the user is told", () => {
    const { tx, clock, wire } = start();
    let noAck = 0;
    tx.onNoAck = () => noAck++;
    tx.respond(200);
    clock.advance(32_000);
    expect(tx.state).toBe("terminated");
    expect(noAck).toBe(1);
    expect(wire().filter((s) => s === "200")).toHaveLength(11);
  });

  test("CANCEL while pending answers the INVITE with 487 and tells the user; after a final response it is too late", () => {
    const { tx, wire } = start();
    let cancelled = 0;
    tx.onCancel = () => cancelled++;
    expect(tx.cancel()).toBe(true);
    expect(wire()).toEqual(["100", "487"]);
    expect(tx.state).toBe("completed");
    expect(cancelled).toBe(1);
    expect(tx.cancel()).toBe(false);
  });

  test("a second final response is refused and changes nothing", () => {
    const { tx, wire } = start();
    tx.respond(486);
    expect(() => tx.respond(200)).toThrow(IllegalTransition);
    expect(() => tx.respond(180)).toThrow(IllegalTransition);
    expect(tx.state).toBe("completed");
    expect(wire()).toEqual(["100", "486"]);
  });

  test("an ACK before any final response is not a legal move and is dropped", () => {
    const { tx, wire } = start();
    tx.receive(receivedRequest("ack", UDP_PEER));
    expect(tx.state).toBe("proceeding");
    expect(tx.acknowledged).toBe(false);
    expect(wire()).toEqual(["100"]);
  });

  test("a transport failure while sending the final response ends the transaction and tells the user", () => {
    const { tx, failSends, terminated } = start();
    let failures = 0;
    tx.onTransportError = () => failures++;
    failSends(true);
    tx.respond(486);
    expect(tx.state).toBe("terminated");
    expect(failures).toBe(1);
    expect(terminated).toHaveLength(1);
  });

  test("a status outside 100–699 is refused before anything is sent", () => {
    const { tx, wire } = start();
    expect(() => tx.respond(99)).toThrow(RangeError);
    expect(() => tx.respond(700)).toThrow(RangeError);
    expect(wire()).toEqual(["100"]);
  });
});
