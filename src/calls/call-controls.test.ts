import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { silence, transcode } from "../media/g711.ts";
import { answeredPort, callRig, FakePhone, offerSdp, type Rig, type RigOptions, waitFor } from "../../tests/sip/call-rig.ts";

let r: Rig;
let phone: FakePhone;
let interactionId: string;
let ourPort: number;

async function connected(options: RigOptions = {}) {
  r = await callRig(options);
  phone = new FakePhone();
  r.phones.set(r.agentId, phone);
  r.t.deps.presence.apply(r.agentId, { type: "login", notReady: false });
  r.provider.invite();
  ourPort = answeredPort(await r.provider.response(200));
  r.provider.ack();
  await waitFor(() => r.calls.activeCalls === 1, "the call");
  const offer = r.t.deps.routing.ringingOffers(r.agentId)[0];
  interactionId = offer?.interactionId ?? "";
  r.calls.answer(offer?.id ?? "", r.agentId);
}

beforeEach(() => connected());
afterEach(() => r.close());

const alaw = (fill: number) => transcode(new Uint8Array(160).fill(fill), "PCMU", "PCMA");
const lastAtCaller = () => r.rtp.received.at(-1);

async function agentSays(fill: number, frames = 3): Promise<void> {
  const before = r.rtp.received.length;
  for (let i = 0; i < frames; i++) phone.say(fill);
  await r.rtp.waitFor(before + frames);
}

/** BYE requests the provider received from us. */
const byes = () => r.sip.inbox.filter((d) => d.text.startsWith("BYE "));

describe("controls of a connected call", () => {
  test("Mute: the caller hears silence instead of the agent; Unmute brings the agent back", async () => {
    r.calls.control(interactionId, r.agentId, "mute");
    expect(r.calls.view(interactionId).muted).toBe(true);
    await agentSays(0x11);
    expect(lastAtCaller()?.payload).toEqual(silence("PCMA", 160));
    r.calls.control(interactionId, r.agentId, "unmute");
    await agentSays(0x11);
    expect(lastAtCaller()?.payload).toEqual(alaw(0x11));
  });

  test("Hold: the caller hears music and the agent no longer hears the caller; Resume joins them again", async () => {
    r.calls.control(interactionId, r.agentId, "hold");
    expect(r.calls.view(interactionId).state).toBe("held");
    const before = r.rtp.received.length;
    await r.rtp.waitFor(before + 10);
    expect(r.rtp.received.slice(before).every((p) => p.payloadType === 8)).toBe(true);
    const heard = phone.heard.length;
    for (let i = 0; i < 5; i++) r.rtp.send(ourPort, new Uint8Array(160).fill(0x2a), 8);
    await Bun.sleep(50);
    expect(phone.heard.length).toBe(heard);

    r.calls.control(interactionId, r.agentId, "resume");
    expect(() => r.calls.control(interactionId, r.agentId, "resume")).toThrow("This call is not on hold.");
    for (let i = 0; i < 5; i++) r.rtp.send(ourPort, new Uint8Array(160).fill(0x2a), 8);
    await waitFor(() => phone.heard.length >= heard + 5, "the caller heard again");
  });

  test("a keypad digit reaches the caller as RFC 4733 telephone-events", async () => {
    r.calls.sendDigit(interactionId, r.agentId, "5");
    await waitFor(() => r.rtp.received.some((p) => p.payloadType === 101), "a telephone-event");
    expect(r.rtp.received.find((p) => p.payloadType === 101)?.payload[0]).toBe(5);
  });

  test("Hang up: BYE to the caller, the interaction ends (to wrap-up), the call is gone", async () => {
    r.calls.control(interactionId, r.agentId, "hang_up");
    await waitFor(() => byes().length === 1, "the BYE");
    expect(byes()[0]?.text).toMatch(/^BYE sip:provider@127\.0\.0\.1:\d+ SIP\/2\.0/);
    expect(byes()[0]?.text).toMatch(/^From: .*;tag=/m);
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({ endReason: "completed" });
    expect(r.calls.view(interactionId).state).toBe("ended");
    expect(() => r.calls.control(interactionId, r.agentId, "hold")).toThrow("There is no such call.");
  });

  test("the agent's phone going away for a reload keeps the call; the phone unregistered ends it with BYE", async () => {
    phone.setState("away");
    expect(r.calls.view(interactionId).state).toBe("connected");
    phone.setState("off");
    await waitFor(() => byes().length === 1, "the BYE");
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({ endReason: "agent-phone-lost" });
    expect(r.calls.activeCalls).toBe(0);
  });

  test("another agent's call cannot be controlled", () => {
    expect(() => r.calls.control(interactionId, "someone-else", "mute")).toThrow("There is no such call.");
  });
});

describe("the caller's side", () => {
  test("a re-INVITE putting us on hold (inactive) is answered, and its silence does not end the call", async () => {
    r.provider.reinvite(offerSdp(r.rtp.port, [8], "inactive"));
    expect(await r.provider.response(200)).toMatch(/^a=inactive$/m);
    for (let i = 0; i < 12; i++) r.t.clock.advance(5_000);
    expect(r.calls.view(interactionId).state).toBe("connected");
    expect(byes()).toHaveLength(0);
  });

  test("no RTP from the caller for 30 s: BYE, and the interaction ends with media-timeout", async () => {
    for (let i = 0; i < 5; i++) r.t.clock.advance(5_000);
    expect(r.calls.activeCalls).toBe(1);
    r.t.clock.advance(5_000);
    expect(r.calls.activeCalls).toBe(0);
    await waitFor(() => byes().length === 1, "the BYE");
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({ endReason: "media-timeout" });
  });

  test("no ACK for our 200 (Timer L): BYE, and the queued call is abandoned", async () => {
    r.close();
    r = await callRig({ mediaTimeoutMs: 600_000 });
    r.provider.invite();
    await r.provider.response(200);
    await waitFor(() => r.calls.activeCalls === 1, "the call");
    r.t.clock.advance(64 * 500);
    expect(r.calls.activeCalls).toBe(0);
    await waitFor(() => byes().length === 1, "the BYE");
    const row = r.t.db.$client.query("select status, end_reason as reason from interactions").get();
    expect(row).toEqual({ status: "ended", reason: "abandoned" });
  });
});
