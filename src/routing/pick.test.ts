import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { insertUser } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { twoAgents } from "../../tests/support/kits/console.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const chatIn = (queueId: string) =>
  t.deps.routing.enqueue({ channel: "chat", queueId, customerName: "Carla Customer", customerAddress: "+44 20 7946 0958" });

describe("pick departments (issue 15)", () => {
  test("waiting work of a pick department is offered to nobody, and waits", () => {
    const { ann, bob, sales } = twoAgents(t, { workMode: "pick" });
    const i = chatIn(sales);
    expect(t.deps.routing.ringingOffers(ann)).toHaveLength(0);
    expect(t.deps.routing.ringingOffers(bob)).toHaveLength(0);
    expect(t.deps.routing.get(i.id).status).toBe("queued");
  });

  test("an offer department still rings an agent", () => {
    const { ann, sales } = twoAgents(t);
    chatIn(sales);
    expect(t.deps.routing.ringingOffers(ann)).toHaveLength(1);
  });

  test("Start session gives the work to the first agent; the second is told it is gone", () => {
    const { ann, bob, sales } = twoAgents(t, { workMode: "pick" });
    const i = chatIn(sales);
    expect(t.deps.routing.pick(i.id, bob)).toMatchObject({ status: "active", agentId: bob });
    expect(t.deps.presence.get(bob).state).toBe("busy");
    expect(() => t.deps.routing.pick(i.id, ann)).toThrow("Another agent already took this");
    expect(t.deps.routing.get(i.id).agentId).toBe(bob);
  });

  test("a non-member, an agent without the chat permission or one who is Not Ready may not pick", () => {
    const { ann, bob, sales } = twoAgents(t, { workMode: "pick" }, { permissions: '["voice"]' });
    const outsider = insertUser(t.db, { username: "olga", fullName: "Olga Outside" });
    t.deps.presence.apply(outsider, { type: "login", notReady: false });
    const i = chatIn(sales);
    expect(() => t.deps.routing.pick(i.id, outsider)).toThrow("not a signed-in member");
    expect(() => t.deps.routing.pick(i.id, ann)).toThrow("needs the Chat permission");
    t.deps.presence.apply(bob, { type: "choose_not_ready", reason: "Break" });
    expect(() => t.deps.routing.pick(i.id, bob)).toThrow("You cannot take work now");
    expect(t.deps.routing.get(i.id).status).toBe("queued");
  });

  test("work of an offer department cannot be picked", () => {
    const { ann, sales } = twoAgents(t, { ringTimeoutS: 10 });
    const i = chatIn(sales);
    expect(() => t.deps.routing.pick(i.id, ann)).toThrow("cannot be picked");
  });
});
