/**
 * FEATURES V3 with a real SIP peer: an agent's outside call goes to sipp as the provider's far end, with the
 * trunk's number rules and caller ID, rings, is answered with audio both ways (sipp echoes what the agent says)
 * and ends with our BYE; a busy number, a digest challenge and hanging up while it rings (CANCEL) too.
 */
import { afterEach, describe, expect, setDefaultTimeout, test } from "bun:test";
import { CALL_NOTICE } from "../../src/calls/index.ts";
import { outboundTarget, TRUNK_DEFAULTS, type TrunkConfig } from "../../src/trunk/index.ts";
import { callRig, FakePhone, type Rig, waitFor } from "./call-rig.ts";
import { type SippServer, startSippServer } from "./trunk-sipp-server.ts";

setDefaultTimeout(30_000);
let rig: Rig;
let far: SippServer | null = null;
afterEach(() => {
  far?.kill();
  far = null;
  rig.close();
});

/** sipp as the far end, and a rig whose trunk points at it. */
async function callee(scenario: string, trunk: Partial<TrunkConfig> = {}) {
  far = await startSippServer(scenario, "UDP", 15, true);
  const config: TrunkConfig = {
    ...TRUNK_DEFAULTS,
    enabled: true,
    host: "127.0.0.1",
    port: far.port,
    authMode: "ip",
    callerId: "+41440000000",
    numberRules: [{ prefix: "0", strip: 1, add: "+41" }],
    ...trunk,
  };
  rig = await callRig({ outsideLine: async (dialled) => outboundTarget(config, dialled, "127.0.0.1") });
  const phone = new FakePhone();
  rig.phones.set(rig.agentId, phone);
  return { far, phone };
}

const ann = () => ({ id: rig.agentId, name: "Ann", extension: "1001", outside: true });

const failures = (r: Rig) => {
  const seen: string[] = [];
  r.t.deps.bus.subscribe(CALL_NOTICE, (p) => seen.push(String(p.message)));
  return seen;
};

describe("an agent's outside call", () => {
  test("reaches the number as the rules make it, with the caller ID, rings, talks both ways and ends with our BYE", async () => {
    const { far, phone } = await callee("uas-outbound-answer.xml");
    const interaction = await rig.calls.dial(ann(), "044 123 49 99");
    expect(interaction).toMatchObject({ direction: "outbound", status: "active", agentId: rig.agentId, customerAddress: "0441234999" });
    await waitFor(() => rig.calls.view(interaction.id).ringing, "the far end ringing", 5_000);
    expect(rig.calls.view(interaction.id).state).toBe("dialing");
    // The ringing tone reaches the agent while the number rings.
    await waitFor(() => phone.heard.length > 5, "the ringing tone", 5_000);
    await waitFor(() => rig.calls.view(interaction.id).state === "connected", "the answer", 5_000);
    phone.heard.length = 0;
    const talk = setInterval(() => phone.say(0x55), 20);
    try {
      await waitFor(() => phone.heard.filter((f) => f.payload[0] === 0x55).length >= 10, "the agent's voice echoed back", 5_000);
    } finally {
      clearInterval(talk);
    }
    rig.calls.control(interaction.id, rig.agentId, "hang_up");
    const done = await far.finished;
    expect(done.errors).toBe("");
    expect(done.exitCode).toBe(0);
    expect(rig.t.deps.routing.get(interaction.id)).toMatchObject({ status: "ended", endReason: "completed" });
  });

  test("to a busy number ends at once and tells the agent why", async () => {
    const { far } = await callee("uas-outbound-busy.xml");
    const seen = failures(rig);
    const interaction = await rig.calls.dial(ann(), "0441234999");
    await waitFor(() => rig.t.deps.routing.get(interaction.id).status === "ended", "the call ended", 5_000);
    expect(rig.t.deps.routing.get(interaction.id).endReason).toBe("busy");
    expect(seen).toEqual(["The call to 0441234999 did not connect: the line is busy."]);
    expect((await far.finished).exitCode).toBe(0);
  });

  test("answers the provider's digest challenge with the trunk's account", async () => {
    const { far } = await callee("uas-outbound-digest.xml", { authMode: "register", username: "trunkuser", password: "s3cret-trunk" });
    const interaction = await rig.calls.dial(ann(), "0441234999");
    await waitFor(() => rig.calls.view(interaction.id).state === "connected", "the answer after the challenge", 5_000);
    rig.calls.control(interaction.id, rig.agentId, "hang_up");
    const done = await far.finished;
    expect(done.errors).toBe("");
    expect(done.exitCode).toBe(0);
  });

  test("is cancelled when the agent hangs up while it rings", async () => {
    const { far } = await callee("uas-outbound-cancel.xml");
    const seen = failures(rig);
    const interaction = await rig.calls.dial(ann(), "0441234999");
    await waitFor(() => rig.calls.view(interaction.id).ringing, "the far end ringing", 5_000);
    rig.calls.control(interaction.id, rig.agentId, "hang_up");
    const done = await far.finished;
    expect(done.errors).toBe("");
    expect(done.exitCode).toBe(0);
    expect(rig.t.deps.routing.get(interaction.id).status).toBe("ended");
    expect(seen).toEqual([]);
    expect(rig.calls.activeCalls).toBe(0);
  });

  test("is refused while the agent's phone is not ready", async () => {
    await callee("uas-outbound-busy.xml");
    (rig.phones.get(rig.agentId) as FakePhone).setState("away");
    await expect(rig.calls.dial(ann(), "0441234999")).rejects.toThrow("Your phone is not connected");
    expect(rig.calls.activeCalls).toBe(0);
  });
});
