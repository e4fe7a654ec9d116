/**
 * FEATURES V4 blind transfer to an outside number, end to end on loopback: sipp calls in (RTP from a capture),
 * Ann answers on her werift phone and transfers the call to a number; a second sipp answers it, the two far
 * ends are joined through the appliance and Ann is free; the caller's BYE reaches the number as our BYE.
 * A busy number leaves the caller with Ann, who is told why; a caller who hangs up while the number rings cancels it.
 */
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { CALL_NOTICE } from "../../src/calls/index.ts";
import { getTrunk, saveTrunk, TRUNK_UPDATED } from "../../src/trunk/index.ts";
import { startCaller } from "./caller.ts";
import { waitFor } from "./support.ts";
import { type SippServer, startSippServer } from "./trunk-sipp-server.ts";
import { connectPhone, DID, type VoiceAppliance, voiceAppliance } from "./voice-setup.ts";

setDefaultTimeout(40_000);
let v: VoiceAppliance;
const closers: (() => unknown)[] = [];
const notices: string[] = [];

beforeEach(async () => {
  v = await voiceAppliance();
  notices.length = 0;
  v.app.deps.bus.subscribe(CALL_NOTICE, (p) => notices.push(String(p.message)));
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await v.app.cleanup();
});

/** The number's far end (sipp), with the trunk pointed at it: caller ID and a number rule as in the admin page. */
async function number(scenario: string): Promise<SippServer> {
  const far = await startSippServer(scenario, "UDP", 30, true);
  closers.push(() => far.kill());
  const { db, clock, bus } = v.app.deps;
  const trunk = { ...getTrunk(db), host: "127.0.0.1", port: far.port, callerId: "+41440000000" };
  saveTrunk(db, { ...trunk, numberRules: [{ prefix: "0", strip: 1, add: "+41" }] }, { id: null, name: "test" }, clock.now());
  bus.publish(TRUNK_UPDATED, { changed: [] });
  return far;
}

/** A caller from the trunk answered by Ann on her phone; resolves with the interaction once her phone hears them. */
async function answeredCall(pauseMs: number) {
  const { routing, presence } = v.app.deps;
  const ann = await connectPhone(v.app, v.agentId);
  closers.push(() => ann.close());
  presence.apply(v.agentId, { type: "login", notReady: false });
  const caller = startCaller({ scenario: "uac-inbound-rtp.xml", sipPort: v.sipPort, did: DID, pauseMs, timeoutSeconds: 30 });
  closers.push(() => caller.kill());
  await waitFor(() => routing.ringingOffers(v.agentId).length === 1, "Ann's offer", 8_000);
  const offer = routing.ringingOffers(v.agentId)[0];
  routing.accept(offer?.id ?? "", v.agentId);
  await waitFor(() => ann.peer.framesReceived >= 10, "the caller's audio at Ann", 8_000);
  return { interactionId: offer?.interactionId ?? "", caller, ann };
}

const annAsDialler = { name: "Ann Agent", extension: "1001", outside: true };

test("to a number that answers: the two far ends talk through the appliance, Ann is free, the caller's BYE ends both", async () => {
  const far = await number("uas-outbound-answer.xml");
  const { interactionId, caller } = await answeredCall(6_000);
  const call = v.app.calls.find(interactionId);
  if (!call) throw new Error("no call");
  await v.app.calls.transferToNumber(interactionId, { id: v.agentId, ...annAsDialler }, "044 123 49 99");
  await waitFor(() => v.app.deps.routing.get(interactionId).status !== "active", "Ann to be free", 8_000);
  expect(v.app.deps.routing.get(interactionId).endReason).toBe("transferred-out");
  expect(notices).toEqual(["Transfer successful"]);
  expect(v.app.calls.activeCalls).toBe(2);
  // The number's sipp only echoes what it hears: every frame from its side is the caller's audio come back.
  let echoed = 0;
  call.listen({ frame: (side) => void (side === "b" && echoed++) });
  await waitFor(() => echoed >= 20, "the caller's audio echoed back by the number", 8_000);

  expect(await caller.done).toMatchObject({ exitCode: 0, errors: "" });
  expect(await far.finished).toMatchObject({ exitCode: 0, errors: "" });
  await waitFor(() => v.app.calls.activeCalls === 0, "both calls to end");
});

test("to a busy number: the caller stays with Ann, off hold, and Ann reads why", async () => {
  const far = await number("uas-outbound-busy.xml");
  const { interactionId, ann } = await answeredCall(8_000);
  await v.app.calls.transferToNumber(interactionId, { id: v.agentId, ...annAsDialler }, "0441234999");
  expect((await far.finished).exitCode).toBe(0);
  await waitFor(() => notices.length > 0, "the notice");
  expect(notices).toEqual(["The transfer to 0441234999 failed: the line is busy. The caller is still with you."]);
  expect(v.app.deps.routing.get(interactionId)).toMatchObject({ status: "active", agentId: v.agentId });
  const view = v.app.calls.view(interactionId);
  expect([view.state, view.transferringTo]).toEqual(["connected", undefined]);
  const heard = ann.peer.framesReceived;
  await waitFor(() => ann.peer.framesReceived >= heard + 10, "the caller's audio at Ann again", 5_000);
});

test("the caller hangs up while the number rings: the number's INVITE is cancelled and Ann wraps up", async () => {
  const far = await number("uas-outbound-cancel.xml");
  const { interactionId, caller } = await answeredCall(4_000);
  await v.app.calls.transferToNumber(interactionId, { id: v.agentId, ...annAsDialler }, "0441234999");
  expect(v.app.calls.view(interactionId)).toMatchObject({ state: "held", transferringTo: "0441234999" });
  expect(await caller.done).toMatchObject({ exitCode: 0, errors: "" });
  expect(await far.finished).toMatchObject({ exitCode: 0, errors: "" });
  expect(v.app.deps.routing.get(interactionId)).toMatchObject({ status: "wrap_up", endReason: "customer-left" });
  await waitFor(() => v.app.calls.activeCalls === 0, "both calls to end");
});
