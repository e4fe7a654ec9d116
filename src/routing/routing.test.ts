import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { users } from "../auth/schema.ts";
import { type PresenceEvents, PresenceService } from "../presence/index.ts";
import { inProcessBus, silentLogger } from "../shared/index.ts";
import { insertQueue, insertUser } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { type Recorded, recordEvents } from "../../tests/support/events.ts";
import type { RoutingEvents } from "./events.ts";
import { Routing } from "./routing.ts";

let t: TestApp;
let presence: PresenceService;
let routing: Routing;
let events: Recorded[];

beforeEach(() => {
  t = makeTestApp();
  const bus = inProcessBus<RoutingEvents & PresenceEvents>((n, e) => {
    throw new Error(`${n}: ${e}`);
  });
  events = recordEvents(bus);
  presence = new PresenceService(t.db, bus, t.clock, (id) => routing.hasActiveWork(id));
  routing = new Routing({ db: t.db, bus, clock: t.clock, log: silentLogger, presence, maxOpen: () => 10, random: () => 0 });
});
afterEach(() => {
  routing.stop();
  presence.stop();
  t.cleanup();
});

const agent = (name: string, extra: Partial<typeof users.$inferInsert> = {}) => insertUser(t.db, { username: name, ...extra });
const login = (id: string) => presence.apply(id, { type: "login", notReady: false });
const ringingFor = (id: string) => routing.ringingOffers(id);
const state = (id: string) => presence.get(id).state;

describe("offering queued work", () => {
  test("longest-idle offers to the agent idle longest, and nobody else", () => {
    const a = agent("a");
    const b = agent("b");
    const q = insertQueue(t.db, { name: "Sales", strategy: "longest-idle", members: [a, b] });
    login(b);
    t.clock.advance(1000);
    login(a);
    routing.enqueue({ channel: "chat", queueId: q, customerName: "Carla" });
    expect(ringingFor(b)).toHaveLength(1);
    expect(ringingFor(a)).toHaveLength(0);
  });

  test("ring-all offers to every ready member; the first to accept wins and the others stop ringing", () => {
    const a = agent("a");
    const b = agent("b");
    const q = insertQueue(t.db, { name: "Help", strategy: "ring-all", members: [a, b] });
    login(a);
    login(b);
    const i = routing.enqueue({ channel: "chat", queueId: q });
    const offerB = ringingFor(b)[0]!;
    expect(ringingFor(a)).toHaveLength(1);
    routing.accept(offerB.id, b);
    expect(ringingFor(a)).toHaveLength(0);
    expect(routing.get(i.id)).toMatchObject({ status: "active", agentId: b });
    expect(state(b)).toBe("busy");
    expect(() => routing.accept(offerB.id, b)).toThrow("no longer available");
  });

  test("priority first, then first come first served", () => {
    const a = agent("a");
    const q = insertQueue(t.db, { name: "Q", members: [a] });
    const first = routing.enqueue({ channel: "chat", queueId: q, customerName: "first" });
    t.clock.advance(10);
    routing.enqueue({ channel: "chat", queueId: q, customerName: "second" });
    const vip = routing.enqueue({ channel: "chat", queueId: q, customerName: "vip", priority: 5 });
    login(a);
    expect(ringingFor(a)[0]!.interactionId).toBe(vip.id);
    routing.reject(ringingFor(a)[0]!.id, a);
    expect(ringingFor(a)[0]!.interactionId).toBe(first.id);
  });

  test("Not Ready agents get no queue work but do get direct work (R5)", () => {
    const a = agent("a");
    const q = insertQueue(t.db, { name: "Q", members: [a] });
    login(a);
    presence.apply(a, { type: "choose_not_ready", reason: "Lunch" });
    routing.enqueue({ channel: "chat", queueId: q });
    expect(ringingFor(a)).toHaveLength(0);
    routing.enqueue({ channel: "voice", targetAgentId: a, customerName: "direct" });
    expect(ringingFor(a)).toHaveLength(1);
  });

  test("capacity per channel and max open interactions hold (R2)", () => {
    const a = agent("a", { capChat: 2 });
    const q = insertQueue(t.db, { name: "Q", members: [a] });
    login(a);
    for (let n = 0; n < 3; n++) routing.enqueue({ channel: "chat", queueId: q });
    routing.accept(ringingFor(a)[0]!.id, a);
    routing.accept(ringingFor(a)[0]!.id, a);
    expect(ringingFor(a)).toHaveLength(0);
    expect(routing.openWork(a)).toHaveLength(2);
  });

  test("a paused channel gets no queue work", () => {
    const a = agent("a");
    const q = insertQueue(t.db, { name: "Q", members: [a] });
    login(a);
    presence.setPaused(a, "chat", true);
    routing.enqueue({ channel: "chat", queueId: q });
    expect(ringingFor(a)).toHaveLength(0);
    presence.setPaused(a, "chat", false);
    expect(ringingFor(a)).toHaveLength(1);
  });
});

describe("timers", () => {
  test("ring timeout moves the offer to the next agent and makes the first one Not Ready (missed)", () => {
    const a = agent("a");
    const b = agent("b");
    const q = insertQueue(t.db, { name: "Q", strategy: "longest-idle", ringTimeoutS: 15, members: [a, b] });
    login(a);
    t.clock.advance(5);
    login(b);
    routing.enqueue({ channel: "chat", queueId: q });
    expect(ringingFor(a)).toHaveLength(1);
    t.clock.advance(14_999);
    expect(ringingFor(a)).toHaveLength(1);
    t.clock.advance(1);
    expect(ringingFor(a)).toHaveLength(0);
    expect(presence.get(a)).toMatchObject({ state: "not_ready", reason: "Missed" });
    expect(ringingFor(b)).toHaveLength(1);
  });

  test("auto-answer accepts after the configured delay", () => {
    const a = agent("a", { autoAnswerChat: 3 });
    const q = insertQueue(t.db, { name: "Q", members: [a] });
    login(a);
    const i = routing.enqueue({ channel: "chat", queueId: q });
    t.clock.advance(2999);
    expect(routing.get(i.id).status).toBe("queued");
    t.clock.advance(1);
    expect(routing.get(i.id)).toMatchObject({ status: "active", agentId: a });
  });

  test("overflow after max wait moves it to the overflow queue, recording a row per queue", () => {
    const a = agent("a");
    const b = agent("b");
    const second = insertQueue(t.db, { name: "Second", members: [b] });
    const first = insertQueue(t.db, { name: "First", maxWaitS: 60, overflowKind: "queue", overflowQueueId: second, members: [a] });
    login(b);
    presence.apply(b, { type: "choose_not_ready", reason: "Lunch" });
    const i = routing.enqueue({ channel: "chat", queueId: first });
    t.clock.advance(60_000);
    expect(routing.get(i.id).queueId).toBe(second);
    presence.apply(b, { type: "choose_ready" });
    routing.accept(ringingFor(b)[0]!.id, b);
    const left = events.filter((e) => e.name === "queue.left").map((e) => [e.p.queueId, e.p.reason]);
    expect(left).toEqual([
      [first, "timeout"],
      [second, "accepted"],
    ]);
  });

  test("overflow to hang-up ends the interaction", () => {
    const q = insertQueue(t.db, { name: "Q", maxWaitS: 30, overflowKind: "hangup" });
    const i = routing.enqueue({ channel: "chat", queueId: q });
    t.clock.advance(30_000);
    expect(routing.get(i.id)).toMatchObject({ status: "ended", endReason: "overflow-hangup" });
  });
});

describe("ending, wrap-up and pending Not Ready", () => {
  test("inbound queue work ends in wrap-up, then Ready when the wrap-up time is over (R4)", () => {
    const a = agent("a");
    const q = insertQueue(t.db, { name: "Q", channel: "voice", wrapUpS: 20, members: [a] });
    login(a);
    const i = routing.enqueue({ channel: "voice", queueId: q });
    routing.accept(ringingFor(a)[0]!.id, a);
    routing.end(i.id, a);
    expect(state(a)).toBe("wrap_up");
    expect(routing.get(i.id).status).toBe("wrap_up");
    t.clock.advance(20_000);
    expect(state(a)).toBe("ready");
  });

  test("sending the wrap-up form saves the disposition and frees the agent", () => {
    const a = agent("a");
    const q = insertQueue(t.db, { name: "Q", channel: "voice", wrapUpS: 60, members: [a] });
    login(a);
    const i = routing.enqueue({ channel: "voice", queueId: q });
    routing.accept(ringingFor(a)[0]!.id, a);
    routing.end(i.id, a);
    routing.wrapUp(i.id, a, "Resolved", "called back");
    expect(routing.get(i.id)).toMatchObject({ status: "ended", disposition: "Resolved", notes: "called back" });
    expect(state(a)).toBe("ready");
  });

  test("direct work has no wrap-up; a Not Ready agent returns to Not Ready", () => {
    const a = agent("a");
    login(a);
    presence.apply(a, { type: "choose_not_ready", reason: "Training" });
    const i = routing.enqueue({ channel: "voice", targetAgentId: a });
    routing.accept(ringingFor(a)[0]!.id, a);
    expect(state(a)).toBe("pending_not_ready");
    routing.end(i.id, a);
    expect(presence.get(a)).toMatchObject({ state: "not_ready", reason: "Training" });
  });

  test("Pending Not Ready is honoured at the end of wrap-up", () => {
    const a = agent("a");
    const q = insertQueue(t.db, { name: "Q", channel: "voice", wrapUpS: 10, members: [a] });
    login(a);
    const i = routing.enqueue({ channel: "voice", queueId: q });
    routing.accept(ringingFor(a)[0]!.id, a);
    presence.apply(a, { type: "choose_not_ready", reason: "Lunch" });
    routing.end(i.id, a);
    expect(state(a)).toBe("pending_not_ready");
    t.clock.advance(10_000);
    expect(presence.get(a)).toMatchObject({ state: "not_ready", reason: "Lunch" });
  });

  test("a customer leaving the queue is recorded as abandoned (W8)", () => {
    const q = insertQueue(t.db, { name: "Q" });
    const i = routing.enqueue({ channel: "chat", queueId: q });
    routing.abandon(i.id);
    expect(routing.get(i.id)).toMatchObject({ status: "ended", endReason: "abandoned" });
    expect(events.find((e) => e.name === "queue.left")?.p.reason).toBe("abandoned");
  });
});

describe("transfers", () => {
  const setup = () => {
    const a = agent("a");
    const b = agent("b", { fullName: "Bea Bauer" });
    const q = insertQueue(t.db, { name: "Q", wrapUpS: 0, members: [a] });
    login(a);
    const i = routing.enqueue({ channel: "chat", queueId: q });
    routing.accept(ringingFor(a)[0]!.id, a);
    return { a, b, i };
  };

  test("to an agent: the receiver accepts and the sender is free", () => {
    const { a, b, i } = setup();
    login(b);
    routing.transferToAgent(i.id, a, b);
    expect(routing.get(i.id).agentId).toBe(a);
    routing.accept(ringingFor(b)[0]!.id, b);
    expect(routing.get(i.id).agentId).toBe(b);
    expect(state(a)).toBe("ready");
  });

  test("to an agent who declines: it stays with the sender, who is told why", () => {
    const { a, b, i } = setup();
    login(b);
    routing.transferToAgent(i.id, a, b);
    routing.reject(ringingFor(b)[0]!.id, b);
    expect(routing.get(i.id)).toMatchObject({ agentId: a, status: "active", targetAgentId: null });
    expect(events.find((e) => e.name === "interaction.transfer_failed")?.p.reason).toBe("Bea Bauer: declined");
  });

  test("to an agent who is signed out fails at once with a clear message", () => {
    const { a, b, i } = setup();
    expect(() => routing.transferToAgent(i.id, a, b)).toThrow("Bea Bauer is not available right now.");
    expect(routing.get(i.id).agentId).toBe(a);
  });

  test("to a department: requeued there and offered to its agents", () => {
    const { a, i } = setup();
    const c = agent("c");
    const other = insertQueue(t.db, { name: "Billing", members: [c] });
    login(c);
    routing.transferToQueue(i.id, a, other);
    expect(routing.get(i.id)).toMatchObject({ status: "queued", queueId: other, agentId: null });
    expect(ringingFor(c)).toHaveLength(1);
    expect(state(a)).toBe("ready");
  });
});

describe("restart (R6)", () => {
  test("a new engine on the same database re-arms timers and offers waiting work", () => {
    const a = agent("a");
    const q = insertQueue(t.db, { name: "Q", ringTimeoutS: 10, members: [a] });
    login(a);
    const i = routing.enqueue({ channel: "chat", queueId: q });
    routing.stop();
    const bus = inProcessBus<RoutingEvents & PresenceEvents>(() => {});
    const p2: PresenceService = new PresenceService(t.db, bus, t.clock, (id) => r2.hasActiveWork(id));
    const r2: Routing = new Routing({ db: t.db, bus, clock: t.clock, log: silentLogger, presence: p2, maxOpen: () => 10 });
    r2.restore();
    t.clock.advance(10_000);
    expect(p2.get(a)).toMatchObject({ state: "not_ready", reason: "Missed" });
    expect(r2.get(i.id).status).toBe("queued");
    r2.stop();
  });
});

describe("withdrawing offers", () => {
  test("an agent going Not Ready while a queue offer rings loses it to the next agent", () => {
    const a = agent("a");
    const b = agent("b");
    const q = insertQueue(t.db, { name: "Q", strategy: "longest-idle", members: [a, b] });
    login(a);
    t.clock.advance(1);
    login(b);
    routing.enqueue({ channel: "chat", queueId: q });
    expect(ringingFor(a)).toHaveLength(1);
    presence.apply(a, { type: "choose_not_ready", reason: "Break" });
    expect(ringingFor(a)).toHaveLength(0);
    expect(ringingFor(b)).toHaveLength(1);
  });
});

describe("declines count for the current stay only", () => {
  test("an agent who declined a transfer can be asked again, and a requeued interaction is offered to earlier decliners", () => {
    const a = agent("a");
    const b = agent("b");
    const q = insertQueue(t.db, { name: "Q", wrapUpS: 0, members: [a, b] });
    login(a);
    const i = routing.enqueue({ channel: "chat", queueId: q });
    routing.accept(ringingFor(a)[0]!.id, a);
    login(b);
    routing.transferToAgent(i.id, a, b);
    routing.reject(ringingFor(b)[0]!.id, b);
    routing.transferToAgent(i.id, a, b);
    expect(ringingFor(b)).toHaveLength(1);
    routing.reject(ringingFor(b)[0]!.id, b);
    routing.transferToQueue(i.id, a, q);
    expect(ringingFor(a).length + ringingFor(b).length).toBe(1);
  });
});

describe("channel permissions (FEATURES A1)", () => {
  const perms = (...list: string[]) => ({ permissions: JSON.stringify(list) });

  test("an agent without Chat gets no chat offers and one without Voice no voice offers; a colleague with it does", () => {
    const voiceOnly = agent("v", perms("voice"));
    const chatOnly = agent("c", perms("chat"));
    const chats = insertQueue(t.db, { name: "Chats", strategy: "ring-all", members: [voiceOnly, chatOnly] });
    const calls = insertQueue(t.db, { name: "Calls", channel: "voice", strategy: "ring-all", members: [voiceOnly, chatOnly] });
    login(voiceOnly);
    login(chatOnly);
    const chat = routing.enqueue({ channel: "chat", queueId: chats });
    const call = routing.enqueue({ channel: "voice", queueId: calls });
    expect(ringingFor(voiceOnly).map((o) => o.interactionId)).toEqual([call.id]);
    expect(ringingFor(chatOnly).map((o) => o.interactionId)).toEqual([chat.id]);
  });

  test("work sent directly to an agent without the channel's permission is never offered to them", () => {
    const voiceOnly = agent("v", perms("voice"));
    login(voiceOnly);
    routing.enqueue({ channel: "chat", targetAgentId: voiceOnly });
    expect(ringingFor(voiceOnly)).toHaveLength(0);
  });

  test("a chat transfer to an agent without Chat fails at once, saying why; the chat stays with the sender", () => {
    const a = agent("a");
    const b = agent("b", { fullName: "Bea Bauer", ...perms("voice") });
    const q = insertQueue(t.db, { name: "Q", members: [a] });
    login(a);
    login(b);
    const i = routing.enqueue({ channel: "chat", queueId: q });
    routing.accept(ringingFor(a)[0]!.id, a);
    expect(() => routing.transferToAgent(i.id, a, b)).toThrow("Bea Bauer cannot take chat work: they do not have the Chat permission.");
    expect(routing.get(i.id)).toMatchObject({ agentId: a, status: "active", targetAgentId: null });
    expect(ringingFor(b)).toHaveLength(0);
  });
});
