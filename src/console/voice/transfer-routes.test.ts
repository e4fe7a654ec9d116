import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { answeredPort, callRig, FakePhone, type Rig, waitFor } from "../../../tests/sip/call-rig.ts";
import { insertQueue, insertUser } from "../../../tests/support/fixtures.ts";
import { signedIn } from "../../../tests/support/users.ts";
import { HX } from "../../../tests/support/kits/console.ts";

let r: Rig;
let bob: string;
let cal: string;
let support: string;
let interactionId: string;
let ourPort: number;

/** Ann answers a call in Sales; Bob (Ready) and Cal (signed out) work Support with her. */
beforeEach(async () => {
  r = await callRig({ colleague: (ext) => (ext === "1002" ? { userId: bob, name: "Bob Voice", signedIn: true } : null) });
  bob = insertUser(r.t.db, { username: "bob", fullName: "Bob Voice", extension: "1002" });
  cal = insertUser(r.t.db, { username: "cal", fullName: "Cal Away" });
  support = insertQueue(r.t.db, { name: "Support line", channel: "voice", members: [r.agentId, bob, cal] });
  r.t.deps.presence.apply(r.agentId, { type: "login", notReady: false });
  r.provider.invite();
  ourPort = answeredPort(await r.provider.response(200));
  r.provider.ack();
  await waitFor(() => r.t.deps.routing.ringingOffers(r.agentId).length === 1, "the offer");
  const offer = r.t.deps.routing.ringingOffers(r.agentId)[0];
  interactionId = offer?.interactionId ?? "";
  r.phones.set(r.agentId, new FakePhone());
  expect((await ann().post(`/console/offers/${offer?.id}/answer`, {}, HX)).status).toBe(204);
  r.t.deps.presence.apply(bob, { type: "login", notReady: false });
});
afterEach(() => r.close());

const ann = () => signedIn(r.t, r.agentId);
const transfer = (to: string) => ann().post(`/console/voice/${interactionId}/transfer`, { to }, HX);

describe("blind transfer of a call (V4)", () => {
  test("the call's controls offer Transfer; its form lists my voice colleagues with their state and the voice departments", async () => {
    const controls = await (await ann().get(`/console/voice/${interactionId}/controls`)).text();
    expect(controls).toContain(`hx-get="/console/voice/${interactionId}/transfer"`);
    expect(controls).toMatch(/>Transfer<\/button>/);
    const html = await (await ann().get(`/console/voice/${interactionId}/transfer`, HX)).text();
    expect(html).toContain(`<option value="agent:${bob}">Bob Voice (Ready)</option>`);
    expect(html).toContain(`<option value="agent:${cal}">Cal Away (Logged out)</option>`);
    expect(html).toContain(`<option value="queue:${support}">Support line</option>`);
    expect(html).toContain(`<option value="queue:${r.queueId}">Sales line</option>`);
  });

  test("to a signed-out agent: 409 with the reason, and the call stays with me", async () => {
    const res = await transfer(`agent:${cal}`);
    expect(res.status).toBe(409);
    expect(await res.text()).toBe("Cal Away is not available right now.");
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({ status: "active", agentId: r.agentId, targetAgentId: null });
    expect(r.calls.view(interactionId)).toMatchObject({ state: "connected", bridged: true });
  });

  test("to a Ready agent: their offer rings; once they answer the caller's audio reaches their phone", async () => {
    const res = await transfer(`agent:${bob}`);
    expect(res.status).toBe(200);
    const offer = r.t.deps.routing.ringingOffers(bob).find((o) => o.interactionId === interactionId);
    expect(offer).toBeDefined();
    const bobPhone = new FakePhone();
    r.phones.set(bob, bobPhone);
    r.t.deps.routing.accept(offer?.id ?? "", bob);
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({ status: "active", agentId: bob });
    for (let i = 0; i < 5; i++) r.rtp.send(ourPort, new Uint8Array(160).fill(0x2a), 8);
    await waitFor(() => bobPhone.heard.length > 0, "the caller's audio at Bob's phone");
  });

  test("to a department: queued there again with music, and I am free", async () => {
    const res = await transfer(`queue:${support}`);
    expect(res.status).toBe(200);
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({ status: "queued", queueId: support, agentId: null });
    expect(r.calls.view(interactionId)).toMatchObject({ state: "queued", bridged: false });
    expect((await ann().get(`/console/voice/${interactionId}/controls`)).status).toBe(404);
  });

  test("a target that is not listed is refused with 422; a call that is not mine is not found", async () => {
    for (const to of ["", `agent:${r.agentId}`, "queue:nope"]) expect((await transfer(to)).status).toBe(422);
    const other = signedIn(r.t, bob);
    expect((await other.post(`/console/voice/${interactionId}/transfer`, { to: `queue:${support}` }, HX)).status).toBe(404);
    expect(r.t.deps.routing.get(interactionId)).toMatchObject({ status: "active", agentId: r.agentId });
  });

  test("by number: an extension rings that colleague; both a choice and a number, or an outside number without the permission, are refused", async () => {
    const html = await (await ann().get(`/console/voice/${interactionId}/transfer`, HX)).text();
    expect(html).toContain('name="number"');
    const both = await ann().post(`/console/voice/${interactionId}/transfer`, { to: `agent:${bob}`, number: "1002" }, HX);
    expect(both.status).toBe(422);
    expect(await both.text()).toContain("Choose from the list or type a number, not both");
    const outside = await ann().post(`/console/voice/${interactionId}/transfer`, { to: "", number: "0441234999" }, HX);
    expect([outside.status, await outside.text()]).toEqual([403, "You may transfer to colleagues' extensions only."]);
    expect(r.calls.view(interactionId)).toMatchObject({ state: "connected", bridged: true });
    const res = await ann().post(`/console/voice/${interactionId}/transfer`, { to: "", number: "1002" }, HX);
    expect(res.status).toBe(200);
    expect(r.t.deps.routing.ringingOffers(bob).map((o) => o.interactionId)).toEqual([interactionId]);
  });
});
