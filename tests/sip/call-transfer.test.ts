/**
 * FEATURES V4 blind transfer end to end on loopback: sipp calls in with RTP from a capture, Ann answers on
 * her werift phone, transfers the call to Bob, and once Bob accepts the caller's audio reaches his phone.
 */
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { insertUser } from "../support/fixtures.ts";
import { startCaller } from "./caller.ts";
import { waitFor } from "./support.ts";
import { connectPhone, DID, type VoiceAppliance, voiceAppliance } from "./voice-setup.ts";

setDefaultTimeout(30_000);
let v: VoiceAppliance;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  v = await voiceAppliance();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await v.app.cleanup();
});

test("a call transferred to a second agent moves to their phone: RTP from sipp reaches the second agent's peer", async () => {
  const { routing, presence, db } = v.app.deps;
  const bob = insertUser(db, { username: "bob", fullName: "Bob Voice" });
  const ann = await connectPhone(v.app, v.agentId);
  closers.push(() => ann.close());
  const bobPhone = await connectPhone(v.app, bob);
  closers.push(() => bobPhone.close());
  presence.apply(v.agentId, { type: "login", notReady: false });
  presence.apply(bob, { type: "login", notReady: false });
  const caller = startCaller({ scenario: "uac-inbound-rtp.xml", sipPort: v.sipPort, did: DID, pauseMs: 8_000 });
  closers.push(() => caller.kill());

  await waitFor(() => routing.ringingOffers(v.agentId).length === 1, "Ann's offer", 8_000);
  const offer = routing.ringingOffers(v.agentId)[0];
  const interactionId = offer?.interactionId ?? "";
  routing.accept(offer?.id ?? "", v.agentId);
  await waitFor(() => ann.peer.framesReceived >= 10, "the caller's audio at Ann", 8_000);

  routing.transferToAgent(interactionId, v.agentId, bob);
  const transferred = routing.ringingOffers(bob).find((o) => o.interactionId === interactionId);
  expect(transferred).toBeDefined();
  expect(bobPhone.peer.framesReceived).toBe(0);
  routing.accept(transferred?.id ?? "", bob);
  expect(routing.get(interactionId)).toMatchObject({ status: "active", agentId: bob });
  await waitFor(() => bobPhone.peer.framesReceived >= 20, "the caller's audio at Bob", 8_000);
  const annHeard = ann.peer.framesReceived;
  await waitFor(() => bobPhone.peer.framesReceived >= 40, "more of the caller's audio at Bob", 8_000);
  expect(ann.peer.framesReceived - annHeard).toBeLessThan(3);

  expect(await caller.done).toMatchObject({ exitCode: 0, errors: "" });
  await waitFor(() => v.app.calls.activeCalls === 0, "the call to end");
});
