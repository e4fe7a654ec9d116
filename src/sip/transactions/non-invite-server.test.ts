import { describe, expect, test } from "bun:test";
import { IllegalTransition } from "./machine.ts";
import { NonInviteServerTransaction } from "./non-invite-server.ts";
import { receivedRequest, recordingEnv, TCP_PEER, UDP_PEER } from "./testing.ts";

function start(peer = UDP_PEER) {
  const rec = recordingEnv();
  const request = receivedRequest("options", peer);
  const tx = new NonInviteServerTransaction(rec.env, request, peer, "key");
  return { ...rec, tx, request };
}

describe("non-INVITE server transaction (RFC 3261 §17.2.2)", () => {
  test("retransmissions are absorbed in Trying and get the provisional response in Proceeding", () => {
    const { tx, request, wire } = start();
    tx.receive(request);
    expect(wire()).toEqual([]);
    tx.respond(183);
    expect(tx.state).toBe("proceeding");
    tx.receive(request);
    expect(wire()).toEqual(["183", "183"]);
  });

  test("after the final response each retransmission gets it again, until Timer J (64*T1) ends it", () => {
    const { tx, request, clock, wire, terminated, errors } = start();
    tx.respond(200);
    clock.advance(10_000);
    tx.receive(request);
    tx.receive(request);
    expect(wire()).toEqual(["200", "200", "200"]);
    clock.advance(21_999);
    expect(tx.state).toBe("completed");
    clock.advance(1);
    expect(tx.state).toBe("terminated");
    expect(terminated).toEqual([tx]);
    expect(errors).toEqual([]);
  });

  test("over TCP the transaction ends as soon as the final response is sent (Timer J = 0)", () => {
    const { tx, wire } = start(TCP_PEER);
    tx.respond(200);
    expect(tx.state).toBe("terminated");
    expect(wire()).toEqual(["200"]);
  });

  test("a second final response, or any after the end, is refused", () => {
    const { tx, wire } = start();
    tx.respond(404);
    expect(() => tx.respond(200)).toThrow(IllegalTransition);
    expect(() => tx.respond(100)).toThrow(IllegalTransition);
    expect(wire()).toEqual(["404"]);
  });

  test("a request with another method never counts as a retransmission", () => {
    const { tx, wire } = start();
    tx.respond(200);
    tx.receive(receivedRequest("bye"));
    expect(wire()).toEqual(["200"]);
  });
});
