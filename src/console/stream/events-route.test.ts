import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { insertQueue, insertUser } from "../../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { signedIn } from "../../../tests/support/users.ts";
import { topicsFor } from "./events-route.ts";
import { acceptedBy, offerTo, twoAgents } from "../../../tests/support/kits/console.ts";
import { SseReader } from "../../../tests/support/sse-reader.ts";

let t: TestApp;
const open: SseReader[] = [];
beforeEach(() => {
  t = makeTestApp();
});
afterEach(async () => {
  for (const r of open.splice(0)) await r.cancel().catch(() => {});
  t.cleanup();
});

async function connect(userId: string): Promise<SseReader> {
  const res = await signedIn(t, userId).get("/events", { accept: "text/event-stream" });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = new SseReader(res);
  open.push(reader);
  return reader;
}

describe("GET /events", () => {
  test("refuses anonymous visitors", async () => {
    expect((await t.client().get("/events")).status).toBe(401);
  });

  test("sends the snapshot first: state, offers, work and recent calls of the signed-in agent", async () => {
    const { ann, sales } = twoAgents(t);
    acceptedBy(t, sales, ann, "Dora Tab");
    offerTo(t, sales, ann, "Eve Ringing");
    const events = await (await connect(ann)).take(4);
    expect(events.map((e) => e.event)).toEqual(["state", "offers", "work", "recent-calls"]);
    expect(events[0]?.data).toContain("Busy");
    expect(events[1]?.data).toContain("Eve Ringing");
    expect(events[2]?.data).toContain("Dora Tab");
  });

  test("then streams the agent's live changes, and nobody else's", async () => {
    const { ann, bob, sales } = twoAgents(t);
    const annStream = await connect(ann);
    const bobStream = await connect(bob);
    await annStream.take(4);
    await bobStream.take(4);
    offerTo(t, sales, ann, "Fay Live");
    const offers = await annStream.next("offers");
    expect(offers.data).toContain("Fay Live");
    expect(offers.data).toContain("Accept");
    t.deps.presence.apply(bob, { type: "choose_not_ready", reason: "Lunch" });
    expect((await bobStream.next("state")).data).toContain("Lunch");
    // Ann may hear that her colleague changed (the colleagues list), never Bob's own console events.
    const heard = (await annStream.within(200)).map((e) => e.event);
    expect(heard).not.toContain("state");
  });

  test("a ping every 20 seconds counts as a heartbeat; closing the stream unsubscribes", async () => {
    const ann = insertUser(t.db, { username: "ann" });
    t.deps.presence.apply(ann, { type: "login", notReady: false });
    const stream = await connect(ann);
    await stream.take(4);
    expect(t.deps.hub.count(`user:${ann}`)).toBe(1);
    t.clock.advance(20_000);
    expect(await stream.comment()).toBe(": ping");
    expect(t.deps.presence.get(ann).lastHeartbeatAt).toBe(t.clock.now());
    await stream.cancel();
    for (let n = 0; n < 50 && t.deps.hub.count(`user:${ann}`) > 0; n++) await Bun.sleep(10);
    expect(t.deps.hub.count(`user:${ann}`)).toBe(0);
  });

  test("a subscriber that falls too far behind is dropped and its stream ends, so the browser reconnects", async () => {
    const ann = insertUser(t.db, { username: "ann" });
    const stream = await connect(ann);
    await stream.next("work");
    for (let n = 0; n < 400; n++) t.deps.hub.publish(`user:${ann}`, { event: "noise", data: String(n) });
    expect(t.deps.hub.count(`user:${ann}`)).toBe(0);
    await expect(stream.take(1000, 1000)).rejects.toThrow("the event stream ended");
  });
});

describe("topics", () => {
  test("an agent hears their own topic and their departments; supervisors and admins also hear supervisors", () => {
    const ann = insertUser(t.db, { username: "ann" });
    const sue = insertUser(t.db, { username: "sue", role: "supervisor" });
    const q = insertQueue(t.db, { name: "Q", members: [ann] });
    expect(topicsFor(t.deps, { id: ann, role: "agent" })).toEqual([`user:${ann}`, `queue:${q}`]);
    expect(topicsFor(t.deps, { id: sue, role: "supervisor" })).toEqual([`user:${sue}`, "supervisors"]);
  });
});
