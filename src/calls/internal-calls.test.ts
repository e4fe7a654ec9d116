/**
 * FEATURES V3, agent to agent: Ann dials Bob's extension, Bob's console gets a direct offer, Answer bridges
 * the two phones (what each says reaches the other), hold plays music to the other agent, and either end
 * hanging up ends both interactions. A colleague who does not answer is told to the caller.
 */
import { afterEach, beforeEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { callRig, FakePhone, type Rig, waitFor } from "../../tests/sip/call-rig.ts";
import { insertUser } from "../../tests/support/fixtures.ts";
import { eq } from "drizzle-orm";
import { reportEvents } from "../reports/schema.ts";
import { CALL_NOTICE } from "./index.ts";

setDefaultTimeout(20_000);
let rig: Rig;
let bobId = "";
let ann: FakePhone;
let bob: FakePhone;
let bobSignedIn = true;
const failures: string[] = [];

beforeEach(async () => {
  bobSignedIn = true;
  failures.length = 0;
  rig = await callRig({
    colleague: (extension) => (extension === "1002" ? { userId: bobId, name: "Bob Builder", signedIn: bobSignedIn } : null),
  });
  bobId = insertUser(rig.t.db, { username: "bob", fullName: "Bob Builder", extension: "1002" });
  rig.t.deps.presence.apply(bobId, { type: "login", notReady: false });
  ann = new FakePhone();
  bob = new FakePhone();
  rig.phones.set(rig.agentId, ann);
  rig.phones.set(bobId, bob);
  rig.t.deps.bus.subscribe(CALL_NOTICE, (p) => failures.push(String(p.message)));
});
afterEach(() => rig.close());

const annDials = (number = "1002") => rig.calls.dial({ id: rig.agentId, name: "Ann Agent", extension: "1001", outside: false }, number);
const bobsOffer = () => rig.t.deps.routing.ringingOffers(bobId)[0];

describe("an internal call", () => {
  test("rings the colleague, bridges both phones on Answer, and ends both sides when one hangs up", async () => {
    const mine = await annDials();
    expect(mine).toMatchObject({ direction: "internal", status: "active", customerName: "Bob Builder", customerAddress: "1002" });
    const offer = bobsOffer();
    if (!offer) throw new Error("Bob's console did not ring");
    const theirs = rig.t.deps.routing.get(offer.interactionId);
    expect(theirs).toMatchObject({ direction: "internal", customerName: "Ann Agent", customerAddress: "1001" });
    expect(rig.calls.view(mine.id)).toMatchObject({ state: "dialing", ringing: true });
    await waitFor(() => ann.heard.length > 3, "the ringing tone on Ann's phone");

    rig.calls.answer(offer.id, bobId);
    expect(rig.calls.view(mine.id).state).toBe("connected");
    expect(rig.calls.view(theirs.id)).toMatchObject({ state: "connected", bridged: true, keypad: false });
    ann.say(0x21);
    bob.say(0x42);
    expect(bob.heard.at(-1)?.payload[0]).toBe(0x21);
    expect(ann.heard.at(-1)?.payload[0]).toBe(0x42);

    rig.calls.control(theirs.id, bobId, "hang_up");
    expect(rig.t.deps.routing.get(mine.id)).toMatchObject({ status: "ended", endReason: "other-party-left" });
    expect(rig.t.deps.routing.get(theirs.id)).toMatchObject({ status: "ended", endReason: "completed" });
    expect(rig.calls.view(mine.id).state).toBe("ended");
    expect(rig.calls.activeCalls).toBe(0);
    expect(failures).toEqual([]);
    // Reports see the call Ann placed start, and both ends finish.
    const started = rig.t.db.select().from(reportEvents).where(eq(reportEvents.type, "interaction.started")).all();
    expect(started.map((r) => [r.interactionId, r.agentId])).toEqual([[mine.id, rig.agentId]]);
  });

  test("on hold, the other agent hears music instead of the one who held; mute silences only oneself", async () => {
    const mine = await annDials();
    const offer = bobsOffer();
    if (!offer) throw new Error("Bob's console did not ring");
    rig.calls.answer(offer.id, bobId);
    rig.calls.control(mine.id, rig.agentId, "mute");
    ann.say(0x21);
    expect(bob.heard.at(-1)?.payload[0]).not.toBe(0x21);
    bob.say(0x42);
    expect(ann.heard.at(-1)?.payload[0]).toBe(0x42);
    rig.calls.control(mine.id, rig.agentId, "unmute");
    rig.calls.control(mine.id, rig.agentId, "hold");
    expect(rig.calls.view(offer.interactionId).state).toBe("held");
    const before = bob.heard.length;
    await waitFor(() => bob.heard.length > before + 3, "hold music on Bob's phone");
    rig.calls.control(offer.interactionId, bobId, "resume");
    expect(rig.calls.view(mine.id).state).toBe("connected");
  });

  test("a colleague who declines ends the caller's call and the caller is told", async () => {
    const mine = await annDials();
    const offer = bobsOffer();
    if (!offer) throw new Error("Bob's console did not ring");
    rig.t.deps.routing.reject(offer.id, bobId);
    expect(rig.t.deps.routing.get(mine.id).status).toBe("ended");
    expect(failures).toEqual(["Bob Builder did not answer."]);
    expect(rig.calls.activeCalls).toBe(0);
  });

  test("hanging up while it rings withdraws the colleague's offer", async () => {
    const mine = await annDials();
    expect(bobsOffer()).toBeDefined();
    rig.calls.control(mine.id, rig.agentId, "hang_up");
    expect(bobsOffer()).toBeUndefined();
    expect(failures).toEqual([]);
  });

  test("is refused when the colleague is signed out or their phone is not connected", async () => {
    bobSignedIn = false;
    await expect(annDials()).rejects.toThrow("Bob Builder is not signed in.");
    bobSignedIn = true;
    bob.setState("away");
    await expect(annDials()).rejects.toThrow("Bob Builder's phone is not connected.");
    expect(rig.t.deps.routing.openWork(rig.agentId)).toEqual([]);
    expect(rig.calls.activeCalls).toBe(0);
  });
});
