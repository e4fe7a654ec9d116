import { describe, expect, test } from "bun:test";
import type { IncomingResponse } from "../message.ts";
import type { ResponseOrigin } from "./client-transaction.ts";
import { InviteClientTransaction } from "./invite-client.ts";
import { receivedRequest, recordingEnv, responseTo, TCP_PEER, UDP_PEER } from "./testing.ts";

function start(peer = UDP_PEER) {
  const rec = recordingEnv();
  const invite = receivedRequest("invite");
  const heard: Array<{ status: number; origin: ResponseOrigin }> = [];
  const tx = new InviteClientTransaction(rec.env, invite, peer, "z9hG4bKtest", (res: IncomingResponse, origin) =>
    heard.push({ status: res.status, origin }),
  );
  tx.start();
  return { ...rec, tx, invite, heard };
}

describe("INVITE client transaction (RFC 3261 §17.1.1, RFC 6026)", () => {
  test("Timer A retransmits at T1 doubling until Timer B reports a 408 timeout", () => {
    const { tx, clock, wire, heard } = start();
    const times: number[] = [];
    const t0 = clock.now();
    for (let ms = 0; ms < 40_000; ms += 100) {
      const before = wire().length;
      clock.advance(100);
      if (wire().length > before) times.push(clock.now() - t0);
    }
    expect(times).toEqual([500, 1_500, 3_500, 7_500, 15_500, 31_500]);
    expect(wire()).toHaveLength(7);
    expect(tx.state).toBe("terminated");
    expect(heard).toEqual([{ status: 408, origin: "timeout" }]);
  });

  test("a provisional response stops retransmissions and Timer B; the call may ring as long as it likes", () => {
    const { tx, invite, clock, wire, heard } = start();
    tx.receive(responseTo(invite, 180, { toTag: "b1" }));
    clock.advance(120_000);
    expect(tx.state).toBe("proceeding");
    expect(wire()).toEqual(["INVITE"]);
    expect(heard).toEqual([{ status: 180, origin: "network" }]);
  });

  test("a failure response is ACKed in the same transaction, the ACK repeated for each retransmission, until Timer D", () => {
    const { tx, invite, clock, sent, wire, heard } = start();
    const busy = responseTo(invite, 486, { toTag: "b2" });
    tx.receive(busy);
    tx.receive(busy);
    expect(wire()).toEqual(["INVITE", "ACK", "ACK"]);
    expect(heard).toEqual([{ status: 486, origin: "network" }]);
    const ack = sent[1]?.message;
    if (ack?.kind !== "request") throw new Error("expected the ACK");
    expect(ack.uri).toBe(invite.uri);
    expect(ack.headers.getAll("Via")).toEqual([invite.headers.values("Via")[0] as string]);
    expect(ack.headers.get("To")).toBe("Bob <sip:bob@biloxi.example.com>;tag=b2");
    expect(ack.headers.get("CSeq")).toBe("314159 ACK");
    expect(ack.headers.get("Call-ID")).toBe(invite.callId);
    clock.advance(31_999);
    expect(tx.state).toBe("completed");
    clock.advance(1);
    expect(tx.state).toBe("terminated");
  });

  test("every 2xx goes to the user (who ACKs it) until Timer M", () => {
    const { tx, invite, clock, wire, heard } = start();
    const ok = responseTo(invite, 200, { toTag: "b3" });
    tx.receive(ok);
    tx.receive(ok);
    expect(tx.state).toBe("accepted");
    expect(heard.map((h) => h.status)).toEqual([200, 200]);
    expect(wire()).toEqual(["INVITE"]);
    clock.advance(32_000);
    expect(tx.state).toBe("terminated");
  });

  test("over TCP nothing is retransmitted, Timer B still applies, and Timer D is zero", () => {
    const reliable = start(TCP_PEER);
    reliable.clock.advance(32_000);
    expect(reliable.wire()).toEqual(["INVITE"]);
    expect(reliable.heard).toEqual([{ status: 408, origin: "timeout" }]);
    const other = start(TCP_PEER);
    other.tx.receive(responseTo(other.invite, 603, { toTag: "x" }));
    expect(other.wire()).toEqual(["INVITE", "ACK"]);
    expect(other.tx.state).toBe("terminated");
  });

  test("a CANCEL asked for before any provisional response waits for one (§9.1)", () => {
    const { tx, invite } = start();
    let cancels = 0;
    expect(tx.cancel(() => cancels++)).toBe(true);
    expect(cancels).toBe(0);
    tx.receive(responseTo(invite, 100));
    expect(cancels).toBe(1);
    expect(tx.cancel(() => cancels++)).toBe(true);
    expect(cancels).toBe(2);
    tx.receive(responseTo(invite, 487, { toTag: "c" }));
    expect(tx.cancel(() => cancels++)).toBe(false);
  });

  test("a transport failure is reported as a 503 and ends the transaction", () => {
    const rec = recordingEnv();
    rec.failSends(true);
    const heard: string[] = [];
    const tx = new InviteClientTransaction(rec.env, receivedRequest("invite"), UDP_PEER, "z9hG4bKtest", (res, origin) =>
      heard.push(`${res.status} ${origin}`),
    );
    tx.start();
    expect(tx.state).toBe("terminated");
    expect(heard).toEqual(["503 transport-error"]);
  });
});
