import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { transcode } from "../media/g711.ts";
import { saveSettings } from "../settings/index.ts";
import { answeredPort, callRig, DID, FakePhone, offerSdp, Provider, type Rig, waitFor } from "../../tests/sip/call-rig.ts";

let r: Rig;
beforeEach(async () => {
  r = await callRig();
});
afterEach(() => r.close());

const ready = () => r.t.deps.presence.apply(r.agentId, { type: "login", notReady: false });
const offer = () => r.t.deps.routing.ringingOffers(r.agentId)[0];

/** The provider calls; resolves with our 200's text once it is ACKed and the call is queued. */
async function callIn(headers: string[] = []): Promise<{ ok: string; interactionId: string }> {
  r.provider.invite({ headers });
  const ok = await r.provider.response(200);
  r.provider.ack();
  await waitFor(() => r.calls.activeCalls === 1, "the call");
  const row = r.t.db.$client.query("select id from interactions where channel = 'voice' order by created_at desc").get() as { id: string };
  return { ok, interactionId: row.id };
}

/** The caller's RTP peer says something every few ms until stopped. */
function callerTalks(port: number, fill: number): () => void {
  const timer = setInterval(() => r.rtp.send(port, new Uint8Array(160).fill(fill), 8), 5);
  return () => clearInterval(timer);
}

describe("taking a trunk INVITE", () => {
  test("answers 200 at once with our SDP (the caller's A-law, DTMF) and a Contact, and queues a voice interaction", async () => {
    saveSettings(r.t.db, { attachedFields: ["Customer ID", "Language", "Plan"] }, r.t.clock.now());
    const { ok, interactionId } = await callIn(["X-Customer-Id: 4711", "x-language: fr", "X-Other: not a field", "X-Dialled-Number: 666"]);
    expect(ok).toMatch(/^Content-Type: application\/sdp$/m);
    expect(ok).toMatch(/^Contact: <sip:switchboard@127\.0\.0\.1:\d+>$/m);
    expect(ok).toMatch(/^m=audio \d+ RTP\/AVP 8 101$/m);
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({
      channel: "voice",
      status: "queued",
      queueId: r.queueId,
      customerName: "Carol Caller",
      customerAddress: "+41799999999",
      // The configured fields by their names, in their order; headers that fill no field are left out.
      attachedData: JSON.stringify({ "Dialled number": DID, "Customer ID": "4711", Language: "fr" }),
    });
    // Hold music while queued, in the law the caller chose.
    await r.rtp.waitFor(10);
    expect(r.rtp.received[0]?.payloadType).toBe(8);
  });

  test("a number without a route gets 480, an INVITE without SDP 488, one with no G.711 488; nothing is queued", async () => {
    r.provider.invite({ did: "+999" });
    expect(await r.provider.response(480)).toContain("No route for this number");
    r.provider.invite({ sdp: null });
    await r.provider.response(488);
    r.provider.invite({ sdp: offerSdp(r.rtp.port, [18]) });
    await r.provider.response(488);
    expect(r.calls.activeCalls).toBe(0);
    expect(r.t.db.$client.query("select count(*) as n from interactions").get()).toEqual({ n: 0 });
  });

  test("beyond the configured number of calls, a new INVITE gets 503", async () => {
    r.close();
    r = await callRig({ maxCalls: 1 });
    await callIn();
    const second = new Provider(r.sip, r.rtp, r.sipPort);
    second.invite();
    expect(await second.response(503)).toContain("Too many calls");
    expect(r.calls.activeCalls).toBe(1);
  });
});

describe("the caller leaves", () => {
  test("BYE while queued: 200, the interaction is abandoned and the music stops", async () => {
    const { interactionId } = await callIn();
    r.provider.bye();
    await r.provider.response(200);
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({ status: "ended", endReason: "abandoned" });
    expect(r.calls.activeCalls).toBe(0);
    const heard = r.rtp.received.length;
    await Bun.sleep(100);
    expect(r.rtp.received.length).toBe(heard);
  });

  test("once the call has ended its dialog is gone: a BYE sent again and an INFO in it get 481", async () => {
    await callIn();
    r.provider.bye();
    await r.provider.response(200);
    r.provider.bye();
    expect(await r.provider.response(481)).toStartWith("SIP/2.0 481");
    r.provider.info("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", 3);
    expect(await r.provider.response(481)).toStartWith("SIP/2.0 481");
    expect(r.calls.activeCalls).toBe(0);
  });

  test("CANCEL while the media leg is being opened: 487, and nothing is queued", async () => {
    r.close();
    let release = () => {};
    r = await callRig({
      media: (real) => ({ ...real, openLeg: () => new Promise((done) => (release = () => done(real.openLeg()))) }),
    });
    r.provider.invite({ branch: "z9hG4bKcancelme" });
    expect(await r.provider.next("100 Trying")).toStartWith("SIP/2.0 100");
    r.provider.cancel("z9hG4bKcancelme");
    const answers = [await r.provider.next("the CANCEL's answer"), await r.provider.next("the INVITE's answer")];
    expect(answers.map((a) => a.split("\r\n")[0])).toEqual(["SIP/2.0 200 OK", "SIP/2.0 487 Request Terminated"]);
    release();
    await Bun.sleep(50);
    expect(r.calls.activeCalls).toBe(0);
    expect(r.t.db.$client.query("select count(*) as n from interactions").get()).toEqual({ n: 0 });
  });
});

describe("answering", () => {
  test("Answer is refused (409) while the agent's phone is not ready, and the call stays queued", async () => {
    ready();
    const { interactionId } = await callIn();
    const o = offer();
    expect(() => r.calls.answer(o?.id ?? "", r.agentId)).toThrow("Your phone is not connected");
    const phone = new FakePhone();
    phone.state = "away";
    r.phones.set(r.agentId, phone);
    expect(() => r.calls.answer(o?.id ?? "", r.agentId)).toThrow("Your phone is not connected");
    expect(r.t.deps.routing.get(interactionId).status).toBe("queued");
  });

  test("the agent's phone is bridged to the caller: audio both ways, the music stops", async () => {
    ready();
    const phone = new FakePhone();
    r.phones.set(r.agentId, phone);
    const { ok, interactionId } = await callIn();
    r.calls.answer(offer()?.id ?? "", r.agentId);
    expect(r.calls.view(interactionId)).toMatchObject({ state: "connected", bridged: true, phone: "ready", keypad: true });
    await Bun.sleep(20);
    const quiet = r.rtp.received.length;
    await Bun.sleep(100);
    expect(r.rtp.received.length - quiet).toBeLessThanOrEqual(1);
    const stop = callerTalks(answeredPort(ok), 0x2a);
    await waitFor(() => phone.heard.length >= 5, "the caller at the agent's phone");
    stop();
    // A-law from the caller, µ-law at the phone: the bridge transcodes between unlike legs.
    expect(phone.heard.at(-1)?.payload).toEqual(transcode(new Uint8Array(160).fill(0x2a), "PCMA", "PCMU"));
    const before = r.rtp.received.length;
    for (let i = 0; i < 5; i++) phone.say(0x11);
    await r.rtp.waitFor(before + 5);
    expect(r.rtp.received.at(-1)?.payload).toEqual(transcode(new Uint8Array(160).fill(0x11), "PCMU", "PCMA"));
  });
});
