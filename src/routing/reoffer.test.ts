import { afterEach, beforeEach, expect, test } from "bun:test";
import { insertQueue, insertUser } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const login = (id: string) => t.deps.presence.apply(id, { type: "login", notReady: false });
const ringingFor = (id: string) => t.deps.routing.ringingOffers(id);
const reject = (id: string) => t.deps.routing.reject(ringingFor(id)[0]?.id as string, id);

test("work the only Ready agent declined is offered to them again after the queue's re-offer pause", () => {
  const ann = insertUser(t.db, { username: "ann" });
  const q = insertQueue(t.db, { name: "Sales", reofferAfterS: 30, members: [ann] });
  login(ann);
  const chat = t.deps.routing.enqueue({ channel: "chat", queueId: q, customerName: "Carla" });
  reject(ann);
  t.clock.advance(29_000);
  expect(ringingFor(ann)).toHaveLength(0);
  t.clock.advance(1_000);
  expect(ringingFor(ann).map((o) => o.interactionId)).toEqual([chat.id]);
});

test("a missed offer comes back to the agent once they are Ready again and the pause has passed", () => {
  const ann = insertUser(t.db, { username: "ann" });
  const q = insertQueue(t.db, { name: "Sales", ringTimeoutS: 20, reofferAfterS: 30, members: [ann] });
  login(ann);
  t.deps.routing.enqueue({ channel: "chat", queueId: q });
  t.clock.advance(20_000);
  expect(t.deps.presence.get(ann)).toMatchObject({ state: "not_ready", reason: "Missed" });
  t.deps.presence.apply(ann, { type: "choose_ready" });
  expect(ringingFor(ann)).toHaveLength(0);
  t.clock.advance(30_000);
  expect(ringingFor(ann)).toHaveLength(1);
});

test("another eligible agent is tried first; the decliner gets it again only when nobody else can", () => {
  const ann = insertUser(t.db, { username: "ann" });
  const bob = insertUser(t.db, { username: "bob" });
  const q = insertQueue(t.db, { name: "Sales", strategy: "longest-idle", reofferAfterS: 10, members: [ann, bob] });
  login(ann);
  t.clock.advance(1000);
  login(bob);
  t.deps.routing.enqueue({ channel: "chat", queueId: q });
  reject(ann);
  expect(ringingFor(bob)).toHaveLength(1);
  t.clock.advance(10_000);
  expect(ringingFor(ann)).toHaveLength(0);
  reject(bob);
  // Ann's pause is over, Bob's is not: Ann gets it; declined again, it waits for the next pause to pass.
  expect(ringingFor(ann)).toHaveLength(1);
  reject(ann);
  expect(ringingFor(ann).length + ringingFor(bob).length).toBe(0);
  t.clock.advance(10_000);
  expect(ringingFor(ann).length + ringingFor(bob).length).toBe(1);
});
