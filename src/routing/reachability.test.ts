import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { type PresenceEvents, PresenceService } from "../presence/index.ts";
import { inProcessBus, silentLogger } from "../shared/index.ts";
import { insertQueue, insertUser } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { type Recorded, recordEvents } from "../../tests/support/events.ts";
import type { RoutingEvents } from "./events.ts";
import { Routing } from "./routing.ts";

/** Routing with a reachability predicate as the wiring sets it: voice reaches only agents whose phone is up. */
let t: TestApp;
let presence: PresenceService;
let routing: Routing;
let events: Recorded[];
let phoneUp: Set<string>;

beforeEach(() => {
  t = makeTestApp();
  phoneUp = new Set();
  const bus = inProcessBus<RoutingEvents & PresenceEvents>((n, e) => {
    throw new Error(`${n}: ${e}`);
  });
  events = recordEvents(bus);
  presence = new PresenceService(t.db, bus, t.clock, (id) => routing.hasActiveWork(id));
  const reachable = (agentId: string, channel: string) => channel !== "voice" || phoneUp.has(agentId);
  routing = new Routing({ db: t.db, bus, clock: t.clock, log: silentLogger, presence, maxOpen: () => 10, random: () => 0, reachable });
});
afterEach(() => {
  routing.stop();
  presence.stop();
  t.cleanup();
});

const agent = (name: string) => insertUser(t.db, { username: name, fullName: `${name} Agent` });
const login = (id: string) => presence.apply(id, { type: "login", notReady: false });
const ringingFor = (id: string) => routing.ringingOffers(id);
const phone = (id: string, up: boolean) => {
  if (up) phoneUp.add(id);
  else phoneUp.delete(id);
  routing.reachabilityChanged(id);
};
/** Ann and Bob Ready on a voice line; Ann has waited longest, so longest-idle prefers her. */
function annAndBobOnLine() {
  const a = agent("ann");
  const b = agent("bob");
  const q = insertQueue(t.db, { name: "Line", channel: "voice", strategy: "longest-idle", members: [a, b] });
  login(a);
  t.clock.advance(1000);
  login(b);
  return { a, b, q };
}

describe("work offered only to agents its channel can reach", () => {
  test("two Ready agents, one whose phone is up: the call rings that one, whatever the strategy prefers", () => {
    const { a, b, q } = annAndBobOnLine();
    phone(b, true);
    routing.enqueue({ channel: "voice", queueId: q });
    expect(ringingFor(a)).toHaveLength(0);
    expect(ringingFor(b)).toHaveLength(1);
  });

  test("with no phone up the call waits, and rings as soon as a phone comes up", () => {
    const a = agent("ann");
    const q = insertQueue(t.db, { name: "Line", channel: "voice", members: [a] });
    login(a);
    const i = routing.enqueue({ channel: "voice", queueId: q });
    t.clock.advance(60_000);
    expect(ringingFor(a)).toHaveLength(0);
    expect(routing.get(i.id).status).toBe("queued");
    phone(a, true);
    expect(ringingFor(a).map((o) => o.interactionId)).toEqual([i.id]);
  });

  test("direct voice work waits for the agent's phone too; chat is not affected", () => {
    const a = agent("ann");
    const chat = insertQueue(t.db, { name: "Chat", channel: "chat", members: [a] });
    login(a);
    const direct = routing.enqueue({ channel: "voice", targetAgentId: a });
    const chatting = routing.enqueue({ channel: "chat", queueId: chat });
    expect(ringingFor(a).map((o) => o.interactionId)).toEqual([chatting.id]);
    routing.accept(ringingFor(a)[0]?.id ?? "", a);
    phone(a, true);
    expect(ringingFor(a).map((o) => o.interactionId)).toEqual([direct.id]);
  });

  test("a phone that drops while a call rings: the offer is withdrawn (not missed) and rings the next agent", () => {
    const { a, b, q } = annAndBobOnLine();
    phone(a, true);
    phone(b, true);
    const i = routing.enqueue({ channel: "voice", queueId: q });
    const offer = ringingFor(a)[0];
    expect(offer?.interactionId).toBe(i.id);
    phone(a, false);
    expect(ringingFor(a)).toHaveLength(0);
    expect(ringingFor(b).map((o) => o.interactionId)).toEqual([i.id]);
    expect(presence.get(a).state).toBe("ready");
    expect(events.find((e) => e.name === "offer.closed" && e.p.offerId === offer?.id)?.p.status).toBe("cancelled");
    // The ring time the withdrawn offer had left passes without making Ann miss it.
    t.clock.advance(60_000);
    expect(presence.get(a).state).toBe("ready");
  });

  test("a transfer to an agent without a phone is refused; one ringing when their phone drops fails visibly", () => {
    const a = agent("ann");
    const b = agent("bea");
    login(a);
    login(b);
    phone(a, true);
    const i = routing.enqueue({ channel: "voice", targetAgentId: a });
    routing.accept(ringingFor(a)[0]?.id ?? "", a);
    expect(() => routing.transferToAgent(i.id, a, b)).toThrow("bea Agent is not available right now.");
    phone(b, true);
    routing.transferToAgent(i.id, a, b);
    expect(ringingFor(b)).toHaveLength(1);
    phone(b, false);
    expect(ringingFor(b)).toHaveLength(0);
    expect(routing.get(i.id)).toMatchObject({ status: "active", agentId: a, targetAgentId: null });
    expect(events.find((e) => e.name === "interaction.transfer_failed")?.p.reason).toBe("bea Agent: cannot be reached now");
  });
});
