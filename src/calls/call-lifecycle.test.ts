import { afterEach, describe, expect, test } from "bun:test";
import { answeredPort, callRig, FakePhone, type Rig, waitFor } from "../../tests/sip/call-rig.ts";
import { insertQueue, insertUser } from "../../tests/support/fixtures.ts";
import { makeTestApp } from "../../tests/support/harness.ts";
import { endOrphanedCalls } from "./orphans.ts";

let r: Rig | null = null;
afterEach(() => r?.close());

describe("a call changing hands", () => {
  test("a blind transfer to another agent moves the caller to that agent's phone once they answer", async () => {
    const rig = await callRig();
    r = rig;
    const bob = insertUser(rig.t.db, { username: "bob" });
    const [annPhone, bobPhone] = [new FakePhone(), new FakePhone()];
    rig.phones.set(rig.agentId, annPhone);
    rig.phones.set(bob, bobPhone);
    for (const id of [rig.agentId, bob]) rig.t.deps.presence.apply(id, { type: "login", notReady: false });
    rig.provider.invite();
    const port = answeredPort(await rig.provider.response(200));
    rig.provider.ack();
    await waitFor(
      () => rig.t.deps.routing.ringingOffers(rig.agentId).length + rig.t.deps.routing.ringingOffers(bob).length === 1,
      "the offer",
    );
    const [first, second] = rig.t.deps.routing.ringingOffers(rig.agentId).length ? [rig.agentId, bob] : [bob, rig.agentId];
    const offer = rig.t.deps.routing.ringingOffers(first)[0];
    rig.calls.answer(offer?.id ?? "", first);

    rig.t.deps.routing.transferToAgent(offer?.interactionId ?? "", first, second);
    const transfer = rig.t.deps.routing.ringingOffers(second)[0];
    rig.calls.answer(transfer?.id ?? "", second);
    const [from, to] = first === bob ? [bobPhone, annPhone] : [annPhone, bobPhone];
    const heardBefore = from.heard.length;
    for (let i = 0; i < 5; i++) rig.rtp.send(port, new Uint8Array(160).fill(0x2a), 8);
    await waitFor(() => to.heard.length >= 5, "the caller at the new agent's phone");
    expect(from.heard.length).toBe(heardBefore);
    expect(rig.calls.view(offer?.interactionId ?? "")).toMatchObject({ state: "connected", bridged: true });
  });
});

describe("after a restart", () => {
  test("voice interactions left queued or active by the previous run are ended; chats are left alone", () => {
    const t = makeTestApp();
    try {
      const ann = insertUser(t.db, { username: "ann" });
      const voice = insertQueue(t.db, { name: "Line", channel: "voice", members: [ann] });
      const chats = insertQueue(t.db, { name: "Chat", channel: "chat", members: [ann] });
      const answered = t.deps.routing.enqueue({ channel: "voice", queueId: voice });
      t.deps.presence.apply(ann, { type: "login", notReady: false });
      const ringing = t.deps.routing.ringingOffers(ann)[0];
      t.deps.routing.accept(ringing?.id ?? "", ann);
      const waiting = t.deps.routing.enqueue({ channel: "voice", queueId: voice });
      const chat = t.deps.routing.enqueue({ channel: "chat", queueId: chats });
      expect(endOrphanedCalls(t.db, t.deps.routing)).toBe(2);
      expect(t.deps.routing.get(answered.id)).toMatchObject({ endReason: "appliance-restarted" });
      expect(t.deps.routing.get(waiting.id)).toMatchObject({ status: "ended", endReason: "abandoned" });
      expect(t.deps.routing.get(chat.id).status).toBe("queued");
    } finally {
      t.cleanup();
    }
  });
});
