import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { loadQueueRows } from "./queue-figures.ts";
import { twoTeams } from "../../tests/support/kits/supervisor.ts";

let t: TestApp;
let f: ReturnType<typeof twoTeams>;
beforeEach(() => {
  t = makeTestApp();
  f = twoTeams(t);
});
afterEach(() => t.cleanup());

const sales = (now = t.clock.now()) => loadQueueRows(t.db, [f.sales], now).get(f.sales)!;
const enqueue = (customerName: string) => t.deps.routing.enqueue({ channel: "voice", queueId: f.sales, customerName });
const acceptNext = () => {
  const offer = t.deps.routing.ringingOffers(f.ann)[0]!;
  return t.deps.routing.accept(offer.id, f.ann);
};

describe("department figures", () => {
  test("waiting count, longest wait, service level and agents Ready follow the day's work", () => {
    const t0 = t.clock.now();
    const first = enqueue("Carla");
    t.clock.advance(10_000);
    const second = enqueue("Dan");
    t.clock.advance(5_000);
    expect(sales()).toMatchObject({ waiting: 2, oldestQueuedAt: t0, handledToday: 0, serviceLevel: null, readyAgents: 0 });

    t.deps.presence.apply(f.ann, { type: "login", notReady: false });
    expect(acceptNext().id).toBe(first.id); // waited 15 s: within the service level
    t.clock.advance(20_000);
    t.deps.routing.end(first.id, f.ann);
    expect(acceptNext().id).toBe(second.id); // waited 25 s: too long
    const third = enqueue("Eve");
    t.clock.advance(3_000);
    expect(sales()).toMatchObject({ waiting: 1, oldestQueuedAt: t0 + 35_000, handledToday: 2, serviceLevel: 50 });
    t.deps.routing.abandon(third.id);

    expect(sales()).toMatchObject({ waiting: 0, oldestQueuedAt: null, handledToday: 3, serviceLevel: 33, readyAgents: 0 });
    t.deps.routing.end(second.id, f.ann);
    expect(sales().readyAgents).toBe(1);
  });

  test("accepted after exactly 20 seconds still counts as within the service level", () => {
    enqueue("Carla");
    t.clock.advance(20_000);
    t.deps.presence.apply(f.ann, { type: "login", notReady: false });
    acceptNext();
    expect(sales()).toMatchObject({ handledToday: 1, serviceLevel: 100 });
  });

  test("yesterday's work does not count today", () => {
    t.deps.presence.apply(f.ann, { type: "login", notReady: false });
    enqueue("Carla");
    acceptNext();
    expect(sales().handledToday).toBe(1);
    expect(sales(t.clock.now() + 24 * 3600_000)).toMatchObject({ handledToday: 0, serviceLevel: null });
  });

  test("an agent Ready but paused on the department's channel is not counted as Ready there", () => {
    t.deps.presence.apply(f.ann, { type: "login", notReady: false });
    expect(sales().readyAgents).toBe(1);
    t.deps.presence.setPaused(f.ann, "voice", true);
    expect(sales().readyAgents).toBe(0);
  });
});
