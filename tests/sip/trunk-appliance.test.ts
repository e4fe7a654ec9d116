/**
 * The SIP endpoint as the running appliance starts it (SIP port 0): sipp and a raw UDP peer on 127.0.0.1
 * send it OPTIONS, REGISTER and INVITE, with the trunk in IP mode allowing or not allowing 127.0.0.1.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { saveTrunk, TRUNK_DEFAULTS, TRUNK_UPDATED } from "../../src/trunk/index.ts";
import { startTestAppliance } from "../support/browser.ts";
import { runSipp } from "./sipp.ts";
import { requestText, statusOf, udpPeer } from "./support.ts";

let app: Awaited<ReturnType<typeof startTestAppliance>>;
beforeAll(async () => {
  app = await startTestAppliance();
});
afterAll(() => app.cleanup());

const port = (transport: "UDP" | "TCP") => app.sip.endpoint.local(transport)?.port ?? 0;

function allowOnly(allowList: string[]): void {
  const { db, clock, bus } = app.deps;
  saveTrunk(
    db,
    { ...TRUNK_DEFAULTS, enabled: true, host: "192.0.2.10", authMode: "ip", allowList },
    { id: null, name: "test" },
    clock.now(),
  );
  bus.publish(TRUNK_UPDATED, { changed: [] });
}

async function sipp(scenario: string, transport: "UDP" | "TCP" = "UDP") {
  const run = await runSipp({ scenario, transport, port: port(transport) });
  return { exit: run.exitCode, successful: run.stats["SuccessfulCall(C)"], errors: run.errors };
}

test("SIP listens on its own free ports when started with port 0, UDP and TCP", () => {
  expect(port("UDP")).toBeGreaterThan(0);
  expect(port("TCP")).toBeGreaterThan(0);
  expect(app.sip.endpoint.local("UDP")?.address).toBe("127.0.0.1");
});

test("an OPTIONS keep-alive from sipp is answered 200, over UDP and TCP", async () => {
  expect(await sipp("options.xml")).toEqual({ exit: 0, successful: 1, errors: "" });
  expect(await sipp("options.xml", "TCP")).toEqual({ exit: 0, successful: 1, errors: "" });
});

test("an INVITE from an address the trunk does not allow is refused with 403, and the refusal is ACKed", async () => {
  allowOnly(["192.0.2.0/24"]);
  expect(app.sip.isTrunkSource("127.0.0.1")).toBe(false);
  expect(await sipp("invite-forbidden.xml")).toEqual({ exit: 0, successful: 1, errors: "" });
});

test("an INVITE from the trunk gets 480 until the call layer sets its handler, then reaches the handler", async () => {
  allowOnly(["192.0.2.0/24", "127.0.0.1"]);
  expect(app.sip.isTrunkSource("127.0.0.1")).toBe(true);
  app.calls.stop(); // the call layer's INVITE registration goes with it
  expect(await sipp("invite-unavailable.xml")).toEqual({ exit: 0, successful: 1, errors: "" });
  const dialled: string[] = [];
  const off = app.sip.endpoint.on("INVITE", (request, tx) => {
    dialled.push(request.requestUri.kind === "sip" ? (request.requestUri.user ?? "") : "");
    tx.respond(486);
  });
  try {
    expect(await sipp("invite-busy.xml")).toEqual({ exit: 0, successful: 1, errors: "" });
  } finally {
    off();
  }
  expect(dialled).toEqual(["service"]);
});

test("a REGISTER from a SIP phone is refused with 403 (SIP-phone agents are not served yet)", async () => {
  const phone = await udpPeer();
  try {
    phone.send(requestText({ method: "REGISTER", via: `SIP/2.0/UDP 127.0.0.1:${phone.port};branch=z9hG4bKphone1;rport` }), port("UDP"));
    expect(statusOf((await phone.next("the answer to REGISTER")).text)).toBe(403);
  } finally {
    phone.close();
  }
});

test("/metrics carries the SIP counters and the trunk gauge", async () => {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  expect(text).toMatch(/^switchboard_sip_messages_total\{direction="in",method="OPTIONS"\} [1-9]/m);
  expect(text).toMatch(/^switchboard_sip_messages_total\{direction="in",method="INVITE"\} [1-9]/m);
  expect(text).toMatch(/^switchboard_sip_messages_total\{direction="out",method="response"\} [1-9]/m);
  expect(text).toContain("# TYPE switchboard_sip_rejected_total counter");
  expect(text).toContain("switchboard_trunk_registered 0");
});

test("with registration, calls come from the provider's own address or from the allow-list's extra addresses", () => {
  const { db, clock, bus } = app.deps;
  const trunk = {
    ...TRUNK_DEFAULTS,
    enabled: true,
    host: "127.0.0.1",
    port: 9,
    username: "u",
    password: "p",
    allowList: ["198.51.100.0/24"],
  };
  saveTrunk(db, trunk, { id: null, name: "test" }, clock.now());
  bus.publish(TRUNK_UPDATED, { changed: [] });
  expect(app.sip.isTrunkSource("127.0.0.1")).toBe(true);
  expect(app.sip.isTrunkSource("198.51.100.20")).toBe(true);
  expect(app.sip.isTrunkSource("192.0.2.99")).toBe(false);
  saveTrunk(db, { ...trunk, enabled: false }, { id: null, name: "test" }, clock.now());
  bus.publish(TRUNK_UPDATED, { changed: [] });
  expect(app.sip.isTrunkSource("127.0.0.1")).toBe(false);
});
