/**
 * Credential guessing and call knocking on the running appliance (FEATURES Q2, Q6): an address that keeps
 * getting refused is banned for --sip-ban-seconds and then hears nothing; the trunk's addresses never are.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { saveTrunk, TRUNK_DEFAULTS, TRUNK_UPDATED } from "../../src/trunk/index.ts";
import { startTestAppliance } from "../support/browser.ts";
import { runSipp } from "./sipp.ts";
import { requestText, statusOf, udpPeer, waitFor } from "./support.ts";
import { tcpFrom } from "./tcp-from.ts";

const BAN_SECONDS = 60;
let app: Awaited<ReturnType<typeof startTestAppliance>>;
beforeAll(async () => {
  app = await startTestAppliance({ sipBanSeconds: BAN_SECONDS });
  const { db, clock, bus } = app.deps;
  // The provider sends from a block of addresses: 127.0.0.0–127.0.0.3.
  const trunk = { ...TRUNK_DEFAULTS, enabled: true, host: "127.0.0.2", authMode: "ip" as const, allowList: ["127.0.0.0/30"] };
  saveTrunk(db, trunk, { id: null, name: "test" }, clock.now());
  bus.publish(TRUNK_UPDATED, { changed: [] });
});
afterAll(() => app.cleanup());

const port = (transport: "UDP" | "TCP") => app.sip.endpoint.local(transport)?.port ?? 0;

let n = 0;
/** A UDP peer on `address` that sends a request and tells its answer's status, or 0 when none came. */
async function phone(address: string) {
  const peer = await udpPeer(address);
  const text = (method: string) =>
    requestText({ method, via: `SIP/2.0/UDP ${address}:${peer.port};branch=z9hG4bKban${++n};rport`, callId: `ban-${n}` });
  const bystander = await udpPeer("127.0.0.5");
  return {
    /** A request by method, or raw text (anything with a space). */
    async ask(what: string): Promise<number> {
      peer.send(what.includes(" ") ? what : text(what), port("UDP"));
      return statusOf((await peer.next(`the answer to ${what.slice(0, 20)} from ${address}`)).text);
    },
    /** Sends, then waits for a bystander's answer (everything sent before it has been handled): 0 if unanswered. */
    async unanswered(method: string): Promise<boolean> {
      peer.send(text(method), port("UDP"));
      bystander.send(
        requestText({ via: `SIP/2.0/UDP 127.0.0.5:${bystander.port};branch=z9hG4bKby${++n};rport`, callId: `by-${n}` }),
        port("UDP"),
      );
      await bystander.next("the bystander's answer");
      return peer.inbox.length === 0;
    },
    close() {
      peer.close();
      bystander.close();
    },
  };
}

test("refused calls and REGISTERs from an address that is not the trunk's get it banned; it hears nothing until the ban time has passed", async () => {
  const knocking = await runSipp({ scenario: "invite-forbidden.xml", transport: "UDP", port: port("UDP"), calls: 5, from: "127.0.0.9" });
  expect([knocking.exitCode, knocking.stats["SuccessfulCall(C)"]]).toEqual([0, 5]);
  const attacker = await phone("127.0.0.9");
  try {
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push(await attacker.ask("REGISTER"));
    expect(answers).toEqual([403, 403, 403, 403, 403]);
    expect(await attacker.unanswered("REGISTER")).toBe(true);
    expect(await attacker.unanswered("OPTIONS")).toBe(true);
    expect(app.sip.endpoint.guard.bans().map((b) => [b.address, b.reason])).toEqual([["127.0.0.9", "auth"]]);
    const overTcp = await tcpFrom(port("TCP"), "127.0.0.9");
    await waitFor(() => overTcp.state.closed, "the banned address's TCP connection to be dropped");
    app.clock.advance(BAN_SECONDS * 1000 - 1);
    expect(await attacker.unanswered("REGISTER")).toBe(true);
    app.clock.advance(1);
    expect(await attacker.ask("REGISTER")).toBe(403);
  } finally {
    attacker.close();
  }
});

test("the trunk's addresses (a block in its allow-list) are never banned, however often they are refused or send garbage", async () => {
  const provider = await phone("127.0.0.2");
  try {
    const answers: number[] = [];
    for (let i = 0; i < 25; i++) answers.push(await provider.ask("REGISTER"));
    for (let i = 0; i < 25; i++) answers.push(await provider.ask("INVITE sip:x@y SIP/2.0\r\nVia: nonsense\r\n\r\n"));
    expect(answers).toEqual([...Array(25).fill(403), ...Array(25).fill(400)]);
    expect(await provider.ask("OPTIONS")).toBe(200);
    expect(app.sip.endpoint.guard.isBanned("127.0.0.2")).toBe(false);
  } finally {
    provider.close();
  }
});
