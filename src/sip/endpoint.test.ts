import { afterEach, describe, expect, test } from "bun:test";
import { headerOf, outgoing, requestText, statusOf, testEndpoint, udpPeer, waitFor } from "../../tests/sip/support.ts";
import { HeaderList } from "./header-list.ts";
import type { IncomingRequest, IncomingResponse, SipRequest } from "./message.ts";
import type { Peer } from "./peer.ts";
import type { ResponseOrigin } from "./transactions/client-transaction.ts";
import type { InviteServerTransaction } from "./transactions/invite-server.ts";
import type { ServerTransaction } from "./transactions/server-transaction.ts";

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** Two endpoints on loopback: `a` calls, `b` answers as its handler says. */
async function pair(transport: "UDP" | "TCP" = "UDP") {
  const a = await testEndpoint();
  const b = await testEndpoint();
  closers.push(
    () => a.endpoint.close(),
    () => b.endpoint.close(),
  );
  const target: Peer = { transport, address: "127.0.0.1", port: transport === "UDP" ? b.udpPort : b.tcpPort };
  const heard: Array<{ status: number; origin: ResponseOrigin; response: IncomingResponse }> = [];
  const onResponse = (response: IncomingResponse, origin: ResponseOrigin) => heard.push({ status: response.status, origin, response });
  const serverTxs: ServerTransaction[] = [];
  return { a, b, target, heard, onResponse, serverTxs };
}

const statuses = (heard: Array<{ status: number }>) => heard.map((h) => h.status);

describe("SipEndpoint between two endpoints on loopback", () => {
  test("INVITE answered 180 then 486: the caller hears both, ACKs in the transaction, the callee's transaction is confirmed", async () => {
    const { a, b, target, heard, onResponse } = await pair();
    let server: InviteServerTransaction | undefined;
    const acks: string[] = [];
    b.endpoint.on("INVITE", (_req, tx) => {
      server = tx as InviteServerTransaction;
      tx.respond(180);
      tx.respond(486);
    });
    b.endpoint.onStrayAck((ack) => acks.push(ack.method));
    const tx = a.endpoint.request(outgoing("INVITE"), target, onResponse);
    await waitFor(() => server?.state === "confirmed", "the ACK to reach the callee");
    expect(statuses(heard)).toEqual([100, 180, 486]);
    expect(tx.state).toBe("completed");
    expect(acks).toEqual([]);
    b.clock.advance(5_000);
    expect(b.endpoint.stats.serverTransactions).toBe(0);
  });

  test("a 2xx is ACKed outside the transaction; the callee's transaction hears the ACK and stops retransmitting", async () => {
    const { a, b, target, heard, onResponse } = await pair();
    let server: InviteServerTransaction | undefined;
    let acked = 0;
    b.endpoint.on("INVITE", (_req, tx) => {
      server = tx as InviteServerTransaction;
      server.onAck = () => acked++;
      tx.respond(200, { headers: [{ name: "Contact", value: "<sip:b@127.0.0.1>" }] });
    });
    const invite = outgoing("INVITE");
    a.endpoint.request(invite, target, onResponse);
    await waitFor(() => heard.some((h) => h.status === 200), "the 200");
    const ok = heard.find((h) => h.status === 200)?.response as IncomingResponse;
    a.endpoint.sendStateless(ackFor(invite, ok), target);
    await waitFor(() => acked === 1, "the ACK of the 2xx");
    expect(server?.isTimerRunning("RETRANSMIT_2XX")).toBe(false);
    expect(server?.state).toBe("accepted");
  });

  test("CANCEL of a ringing INVITE: 200 to the CANCEL, 487 to the INVITE, the callee is told", async () => {
    const { a, b, target, heard, onResponse } = await pair();
    let cancelled = 0;
    b.endpoint.on("INVITE", (_req, tx) => {
      (tx as InviteServerTransaction).onCancel = () => cancelled++;
      tx.respond(180);
    });
    const cancelHeard: number[] = [];
    const tx = a.endpoint.request(outgoing("INVITE"), target, onResponse);
    expect(a.endpoint.cancel(tx, (res) => cancelHeard.push(res.status))).toBe(true);
    await waitFor(() => heard.some((h) => h.status === 487), "the 487");
    await waitFor(() => cancelHeard.length > 0, "the 200 to the CANCEL");
    expect(cancelHeard).toEqual([200]);
    expect(cancelled).toBe(1);
    expect(statuses(heard)).toEqual([100, 180, 487]);
  });

  test("requests over TCP reuse one connection each way", async () => {
    const { a, b, target, heard, onResponse } = await pair("TCP");
    a.endpoint.request(outgoing("OPTIONS"), target, onResponse);
    await waitFor(() => heard.length === 1, "the first answer");
    a.endpoint.request(outgoing("OPTIONS"), target, onResponse);
    await waitFor(() => heard.length === 2, "the second answer");
    expect(statuses(heard)).toEqual([200, 200]);
    expect(a.endpoint.stats.tcpConnections).toBe(1);
    expect(b.endpoint.stats.tcpConnections).toBe(1);
  });
});

describe("SipEndpoint facing a raw client", () => {
  async function served(onRequest?: (req: IncomingRequest, tx: ServerTransaction) => void) {
    const t = await testEndpoint();
    closers.push(() => t.endpoint.close());
    if (onRequest) for (const method of ["INVITE", "REGISTER"]) t.endpoint.on(method, onRequest);
    const client = await udpPeer();
    closers.push(client.close);
    const send = (text: string) => client.send(text, t.udpPort);
    return { ...t, client, send };
  }
  const via = (branch: string) => `SIP/2.0/UDP 127.0.0.1;branch=${branch};rport`;

  test("a retransmitted INVITE reaches the user once and is answered from the transaction", async () => {
    let calls = 0;
    const { client, send } = await served(() => calls++);
    const invite = requestText({ method: "INVITE", via: via("z9hG4bKre1") });
    send(invite);
    send(invite);
    expect(statusOf((await client.next()).text)).toBe(100);
    expect(statusOf((await client.next()).text)).toBe(100);
    expect(calls).toBe(1);
  });

  test("a CANCEL for no known INVITE gets 481", async () => {
    const { client, send } = await served();
    send(requestText({ method: "CANCEL", via: via("z9hG4bKnone") }));
    expect(statusOf((await client.next()).text)).toBe(481);
  });

  test("with no handler OPTIONS is answered with Allow, other requests with 480", async () => {
    const { client, send } = await served();
    send(requestText({ via: via("z9hG4bKo1") }));
    const ok = (await client.next()).text;
    expect(statusOf(ok)).toBe(200);
    expect(headerOf(ok, "Allow")).toBe("INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER, INFO");
    send(requestText({ method: "REGISTER", via: via("z9hG4bKr1") }));
    expect(statusOf((await client.next()).text)).toBe(480);
  });

  test("a handler that throws makes a 500, and the endpoint keeps serving", async () => {
    let fail = true;
    const { client, send } = await served((_req, tx) => {
      if (fail) throw new Error("bug in the registrar");
      tx.respond(200);
    });
    send(requestText({ method: "REGISTER", via: via("z9hG4bKt1") }));
    expect(statusOf((await client.next()).text)).toBe(500);
    fail = false;
    send(requestText({ method: "REGISTER", via: via("z9hG4bKt2"), cseq: 2 }));
    expect(statusOf((await client.next()).text)).toBe(200);
  });

  test("a request breaking an RFC 3261 §8.2 rule is refused statelessly; garbage gets nothing", async () => {
    const { client, send, counters } = await served();
    send(requestText({ method: "SUBSCRIBE", via: via("z9hG4bKs1") }));
    const refused = (await client.next()).text;
    expect(statusOf(refused)).toBe(405);
    send("\u0000\u0001 hello there\r\n\r\n");
    send(requestText({ via: via("z9hG4bKafter") }));
    expect(statusOf((await client.next()).text)).toBe(200);
    expect(client.inbox).toEqual([]);
    expect(counters.rejections.get("malformed")).toBe(1);
  });
});

function ackFor(invite: SipRequest, ok: IncomingResponse): SipRequest {
  const headers = new HeaderList();
  for (const name of ["From", "Call-ID"]) headers.append(name, invite.headers.get(name) ?? "");
  headers.append("To", ok.headers.get("To") ?? "");
  headers.append("CSeq", `${ok.cseq.seq} ACK`);
  return { kind: "request", method: "ACK", uri: "sip:b@127.0.0.1", version: "SIP/2.0", headers, body: new Uint8Array(0) };
}
