import { afterEach, describe, expect, test } from "bun:test";
import { FakePhone, offerSdp } from "../../tests/sip/call-rig.ts";
import { callKit } from "../../tests/support/kits/call.ts";
import { Conflict } from "../shared/index.ts";
import { InternalCall } from "./internal-call.ts";

let kit = callKit();
afterEach(() => {
  kit.close();
  kit = callKit();
});

describe("a call's transitions", () => {
  test("an ended call cannot be answered, held, queued again or moved to another department; ending it twice does nothing", async () => {
    const call = await kit.call("queued");
    expect(call.end()).toBe(true);
    expect(() => call.connect("ann", new FakePhone())).toThrow("This call can no longer be answered.");
    expect(() => call.hold()).toThrow(Conflict);
    expect(() => call.queue()).toThrow("Only a queued call waits with music.");
    expect(() => call.requeue()).toThrow("Only a call in progress can be transferred.");
    expect(call.end()).toBe(false);
    expect([call.state, call.agentId, call.bridged]).toEqual(["ended", null, false]);
  });

  test("a call is attached to one interaction, once: a second interaction is refused, also after it was taken away", async () => {
    const call = await kit.call("queued");
    call.attachInteraction("first");
    expect(() => call.attachInteraction("second")).toThrow("This call already belongs to an interaction.");
    expect(call.interactionId).toBe("first");
    expect(call.detachInteraction()).toBe("first");
    expect(() => call.attachInteraction("second")).toThrow(Conflict);
    expect(call.interactionId).toBe("");
  });

  test("only a call being dialled is answered by the far end, once", async () => {
    const queued = await kit.call("queued");
    expect(() => queued.answered(queued.dialog)).toThrow("Only a call being dialled can be answered by the far end.");
    const dialled = await kit.call("dialing");
    dialled.dial("ann", new FakePhone(), { next: () => null });
    dialled.answered(dialled.dialog);
    expect(dialled.state).toBe("connected");
    expect(() => dialled.answered(dialled.dialog)).toThrow(Conflict);
    expect(() => dialled.dial("bob", new FakePhone(), { next: () => null })).toThrow("This call is not being dialled.");
  });

  test("hold, resume and mute follow the state table: a queued call cannot be held or muted, a connected one cannot be resumed", async () => {
    const call = await kit.call("queued");
    expect(() => call.hold()).toThrow("Only a connected call can be put on hold.");
    expect(() => call.setMuted(true)).toThrow("Only a connected call can be muted.");
    call.connect("ann", new FakePhone());
    expect(() => call.resume()).toThrow("This call is not on hold.");
    call.hold();
    call.setMuted(true);
    expect([call.state, call.muted]).toEqual(["held", true]);
    call.resume();
    expect(call.state).toBe("connected");
  });
});

describe("a call's parties", () => {
  test("the answering agent's phone joins the far end; the next agent's phone replaces it, and only the current phone going off ends the call", async () => {
    const call = await kit.call("queued");
    const [ann, bob] = [new FakePhone(), new FakePhone()];
    call.connect("ann", ann);
    expect([call.bridged, call.agentId]).toEqual([true, "ann"]);
    call.connect("bob", bob);
    ann.setState("off");
    expect(kit.lost).toEqual([]);
    bob.setState("off");
    expect(kit.lost).toEqual([{ call, reason: "agent-phone-lost" }]);
  });

  test("sent back to a queue, the agent's phone lets go and the caller hears the waiting music again", async () => {
    const call = await kit.call("queued");
    expect(call.answer(offerSdp(4_000, [0]))).toContain("m=audio");
    const ann = new FakePhone();
    call.connect("ann", ann);
    call.requeue();
    expect([call.state, call.agentId, call.bridged]).toEqual(["queued", null, false]);
    const sent = call.stats().sent.packets;
    kit.scheduler.advance(200);
    expect(call.stats().sent.packets).toBeGreaterThan(sent);
    ann.setState("off");
    expect(kit.lost).toEqual([]);
  });

  test("a queued caller silent past the media timeout is reported lost", async () => {
    const call = await kit.call("queued");
    call.queue();
    kit.clock.advance(9_000);
    expect(kit.lost).toEqual([]);
    kit.clock.advance(6_000);
    expect(kit.lost).toEqual([{ call, reason: "media-timeout" }]);
  });
});

describe("an internal call's transitions", () => {
  test("the colleague's interaction is attached once, and an ended internal call cannot be answered", () => {
    const ann = { agentId: "ann", interactionId: "mine", phone: new FakePhone(), muted: false };
    const bob = { agentId: "bob", interactionId: "", phone: null, muted: false };
    const silent = { next: () => null };
    const call = new InternalCall(ann, bob, silent, kit.scheduler, silent, () => {});
    call.offeredAs("theirs");
    expect(() => call.offeredAs("another")).toThrow("This call is already offered.");
    expect(call.sideOf("theirs")).toBe("b");
    call.end();
    expect(() => call.answered(new FakePhone())).toThrow("This call can no longer be answered.");
    expect(call.state).toBe("ended");
  });
});
