/**
 * Voice calls ring only agents whose browser phone is ready: sipp calls the running appliance's trunk, the
 * agents' phones are werift peers speaking the console island's signalling. An agent Ready in the queue but
 * without a phone is passed over; a call nobody can take waits and rings as soon as a phone comes up.
 */
import { afterEach, beforeEach, expect, setDefaultTimeout, test } from "bun:test";
import { insertUser } from "../support/fixtures.ts";
import { startCaller } from "./caller.ts";
import { waitFor } from "./support.ts";
import { connectPhone, DID, type VoiceAppliance, voiceAppliance } from "./voice-setup.ts";
import { queueMembers } from "../../src/routing/schema.ts";

setDefaultTimeout(30_000);
let v: VoiceAppliance;
let bob: string;
const closers: (() => unknown)[] = [];

beforeEach(async () => {
  v = await voiceAppliance();
  bob = insertUser(v.app.deps.db, { username: "bob", fullName: "Bob Voice" });
  v.app.deps.db.insert(queueMembers).values({ queueId: v.queueId, userId: bob }).run();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await v.app.cleanup();
});

const ready = (agentId: string) => v.app.deps.presence.apply(agentId, { type: "login", notReady: false });
const ringing = (agentId: string) => v.app.deps.routing.ringingOffers(agentId);

function call() {
  const caller = startCaller({ scenario: "uac-inbound-rtp.xml", sipPort: v.sipPort, did: DID, pauseMs: 15_000, timeoutSeconds: 25 });
  closers.push(() => caller.kill());
  return caller;
}

async function phoneOf(agentId: string) {
  const phone = await connectPhone(v.app, agentId);
  closers.push(() => phone.close());
  return phone;
}

test("of two Ready agents the call rings the one whose phone is ready, though the other has waited longer", async () => {
  ready(v.agentId);
  v.app.clock.advance(60_000);
  ready(bob);
  await phoneOf(bob);
  call();
  await waitFor(() => ringing(bob).length === 1, "the offer to Bob", 8_000);
  expect(ringing(v.agentId)).toHaveLength(0);
  expect(v.app.deps.presence.get(v.agentId).state).toBe("ready");
});

test("with no phone ready the call waits; it rings as soon as a phone is ready, and is withdrawn when it drops", async () => {
  const { routing, presence } = v.app.deps;
  const queued: string[] = [];
  v.app.deps.bus.subscribe("interaction.queued", (p) => queued.push(String(p.interactionId)));
  ready(v.agentId);
  call();
  await waitFor(() => queued.length === 1, "the call to be queued", 8_000);
  const waiting = v.app.calls.find(queued[0] ?? "");
  // Longer than the ring time (20 s), as the caller's audio keeps arriving: nothing rang, so nothing rang out.
  for (let i = 0; i < 5; i++) {
    const before = waiting?.stats().received.packets ?? 0;
    await waitFor(() => (waiting?.stats().received.packets ?? 0) > before, "more caller packets", 2_000);
    presence.heartbeat(v.agentId);
    v.app.clock.advance(5_000);
  }
  expect(ringing(v.agentId)).toHaveLength(0);
  expect(presence.get(v.agentId).state).toBe("ready");

  const phone = await phoneOf(v.agentId);
  await waitFor(() => ringing(v.agentId).length === 1, "the offer once Ann's phone is ready", 2_000);
  const interactionId = ringing(v.agentId)[0]?.interactionId ?? "";
  expect(interactionId).toBe(queued[0] ?? "");
  expect(routing.get(interactionId)).toMatchObject({ channel: "voice", status: "queued" });

  await phone.close();
  await waitFor(() => ringing(v.agentId).length === 0, "the offer withdrawn when the phone went away", 3_000);
  expect(presence.get(v.agentId).state).toBe("ready");
  expect(routing.get(interactionId).status).toBe("queued");
});
