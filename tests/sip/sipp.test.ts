/**
 * sipp (Debian's sip-tester) as a real SIP peer against SipEndpoint, over UDP and TCP on loopback. sipp runs
 * in real time, so the endpoint here uses the system clock; the scenarios are bounded by -m and -timeout.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { systemClock } from "../../src/shared/index.ts";
import { CounterTally, type IncomingRequest, type InviteServerTransaction, SipEndpoint } from "../../src/sip/index.ts";
import { runSipp } from "./sipp.ts";

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A test UAS: OPTIONS → 200, INVITE → 486 Busy Here; it records the INVITE transactions and stray ACKs. */
async function busyUas() {
  const counters = new CounterTally();
  const endpoint = await SipEndpoint.start({ host: "127.0.0.1", udpPort: 0, tcpPort: 0, clock: systemClock(), counters });
  closers.push(() => endpoint.close());
  const invites: InviteServerTransaction[] = [];
  const strayAcks: IncomingRequest[] = [];
  endpoint.on("OPTIONS", (_request, tx) => tx.respond(200));
  endpoint.on("INVITE", (_request, tx) => {
    invites.push(tx as InviteServerTransaction);
    tx.respond(486);
  });
  endpoint.onStrayAck((ack) => strayAcks.push(ack));
  const port = (transport: "UDP" | "TCP") => endpoint.local(transport)?.port ?? 0;
  return { endpoint, counters, invites, strayAcks, port };
}

const summary = (stats: Readonly<Record<string, number>>) => ({
  successful: stats["SuccessfulCall(C)"],
  failed: stats["FailedCall(C)"],
  retransmissions: stats["Retransmissions(C)"],
});

describe.each(["UDP", "TCP"] as const)("sipp over %s", (transport) => {
  test("an OPTIONS scenario gets its 200", async () => {
    const uas = await busyUas();
    const run = await runSipp({ scenario: "options.xml", transport, port: uas.port(transport) });
    expect({ exit: run.exitCode, ...summary(run.stats) }).toEqual({ exit: 0, successful: 1, failed: 0, retransmissions: 0 });
    expect(uas.counters.messages.get("in OPTIONS")).toBe(1);
  });

  test("an INVITE answered 486 Busy Here: sipp's ACK is absorbed by the INVITE transaction", async () => {
    const uas = await busyUas();
    const run = await runSipp({ scenario: "invite-busy.xml", transport, port: uas.port(transport) });
    expect({ exit: run.exitCode, ...summary(run.stats) }).toEqual({ exit: 0, successful: 1, failed: 0, retransmissions: 0 });
    expect(run.errors).toBe("");
    expect(uas.invites).toHaveLength(1);
    // UDP waits in Confirmed for Timer I; TCP has Timer I = 0 and is already gone.
    expect(uas.invites[0]?.acknowledged).toBe(true);
    expect(uas.invites[0]?.state).toBe(transport === "UDP" ? "confirmed" : "terminated");
    expect(uas.strayAcks).toEqual([]);
    expect(uas.counters.messages.get("in ACK")).toBe(1);
    // 100 Trying and one 486: the ACK came before Timer G could retransmit.
    expect(uas.counters.messages.get("out response")).toBe(2);
  });
});

test("sipp placing 60 busy calls at 200 calls/s over UDP: every one answered and acknowledged", async () => {
  const uas = await busyUas();
  const run = await runSipp({ scenario: "invite-busy.xml", transport: "UDP", port: uas.port("UDP"), calls: 60, rate: 200 });
  expect({ exit: run.exitCode, ...summary(run.stats) }).toEqual({ exit: 0, successful: 60, failed: 0, retransmissions: 0 });
  expect(uas.invites.filter((tx) => tx.acknowledged)).toHaveLength(60);
  expect(uas.strayAcks).toEqual([]);
});
