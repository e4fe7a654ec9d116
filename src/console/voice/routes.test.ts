import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { callRig, FakePhone, type Rig, waitFor } from "../../../tests/sip/call-rig.ts";
import { insertUser } from "../../../tests/support/fixtures.ts";
import { signedIn } from "../../../tests/support/users.ts";
import { saveSettings } from "../../settings/index.ts";
import { HX } from "../../../tests/support/kits/console.ts";

let r: Rig;
let interactionId: string;
let offerId: string;

beforeEach(async () => {
  r = await callRig();
  r.t.deps.presence.apply(r.agentId, { type: "login", notReady: false });
  saveSettings(r.t.db, { attachedFields: ["Customer ID"] }, r.t.clock.now());
  r.provider.invite({ headers: ["X-Customer-Id: 4711", "X-Tracking: abc-123"] });
  await r.provider.response(200);
  r.provider.ack();
  await waitFor(() => r.t.deps.routing.ringingOffers(r.agentId).length === 1, "the offer");
  const offer = r.t.deps.routing.ringingOffers(r.agentId)[0];
  interactionId = offer?.interactionId ?? "";
  offerId = offer?.id ?? "";
});
afterEach(() => r.close());

const agent = () => signedIn(r.t, r.agentId);
const controls = async () => (await agent().get(`/console/voice/${interactionId}/controls`)).text();

async function answered(): Promise<FakePhone> {
  const phone = new FakePhone();
  r.phones.set(r.agentId, phone);
  expect((await agent().post(`/console/offers/${offerId}/answer`, {}, HX)).status).toBe(204);
  return phone;
}

describe("answering a call from the console", () => {
  test("the offer card of a call says Answer (not Accept) and shows the field an X- header filled, by its name", async () => {
    const page = await (await agent().get("/console")).text();
    expect(page).toContain(`action="/console/offers/${offerId}/answer"`);
    expect(page).toMatch(/>Answer<\/button>/);
    expect(page).not.toMatch(/>Accept<\/button>/);
    expect(page).toContain("Incoming voice");
    expect(page).toMatch(/<dt>(<[^>]+>)?Customer ID(<\/[^>]+>)?<\/dt><dd>4711<\/dd>/);
    expect(page).not.toContain("X-Customer-Id");
    expect(page).not.toContain("abc-123");
  });

  test("Answer without a connected phone is refused with 409 and a reason; the call stays queued", async () => {
    const res = await agent().post(`/console/offers/${offerId}/answer`, {}, HX);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("Your phone is not connected");
    expect(r.t.deps.routing.get(interactionId).status).toBe("queued");
  });

  test("Answer with the phone ready opens the call's tab with Hang up, Mute, Hold and the keypad", async () => {
    await answered();
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({ status: "active", agentId: r.agentId });
    const page = await (await agent().get("/console")).text();
    expect(page).toContain(`hx-get="/console/voice/${interactionId}/controls"`);
    const html = await controls();
    expect(html).toContain("Connected.");
    for (const label of ["Hang up", "Mute", "Hold", "5", "#"]) expect(html).toContain(`>${label}</button>`);
  });
});

describe("the call's controls", () => {
  test("Mute and Hold change the buttons to Unmute and Resume, and every change is pushed to the agent", async () => {
    await answered();
    const sub = r.t.deps.hub.subscribe([`user:${r.agentId}`]);
    expect((await agent().post(`/console/voice/${interactionId}/mute`, {}, HX)).status).toBe(204);
    const pushed = await sub.next();
    sub.close();
    expect(pushed?.event).toBe(`voice-${interactionId}`);
    expect(pushed?.data).toContain(">Unmute</button>");
    await agent().post(`/console/voice/${interactionId}/hold`, {}, HX);
    const html = await controls();
    expect(html).toContain("On hold (muted): the caller hears music.");
    expect(html).toContain(">Resume</button>");
    expect(html).toContain(">Unmute</button>");
  });

  test("Hang up sends BYE to the caller and the controls say the call has ended", async () => {
    await answered();
    expect((await agent().post(`/console/voice/${interactionId}/hangup`, {}, HX)).status).toBe(204);
    await waitFor(() => r.sip.inbox.some((d) => d.text.startsWith("BYE ")), "the BYE");
    expect(await controls()).toContain("The call has ended.");
    expect(r.t.deps.routing.get(interactionId).status).not.toBe("active");
  });

  test("a keypad digit is sent; anything but a key is refused with 422", async () => {
    await answered();
    expect((await agent().post(`/console/voice/${interactionId}/dtmf`, { digit: "5" }, HX)).status).toBe(204);
    await waitFor(() => r.rtp.received.some((p) => p.payloadType === 101), "a telephone-event");
    expect((await agent().post(`/console/voice/${interactionId}/dtmf`, { digit: "x" }, HX)).status).toBe(422);
    expect((await agent().post(`/console/voice/${interactionId}/dtmf`, { digit: "55" }, HX)).status).toBe(422);
  });

  test("another agent's call is not found, and an unknown control is not found", async () => {
    await answered();
    const bob = signedIn(r.t, insertUser(r.t.db, { username: "bob" }));
    expect((await bob.get(`/console/voice/${interactionId}/controls`)).status).toBe(404);
    expect((await bob.post(`/console/voice/${interactionId}/hangup`, {}, HX)).status).toBe(404);
    expect((await agent().post(`/console/voice/${interactionId}/explode`, {}, HX)).status).toBe(404);
    expect(r.calls.view(interactionId).state).toBe("connected");
  });
});
