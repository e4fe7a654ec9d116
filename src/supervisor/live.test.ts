import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { SseMessage } from "../shared/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { twoTeams } from "../../tests/support/kits/supervisor.ts";

let t: TestApp;
let f: ReturnType<typeof twoTeams>;
let sent: { topic: string; message: SseMessage }[];
beforeEach(() => {
  t = makeTestApp();
  f = twoTeams(t);
  sent = [];
  const publish = t.deps.hub.publish.bind(t.deps.hub);
  t.deps.hub.publish = (topic, message) => {
    sent.push({ topic, message });
    publish(topic, message);
  };
});
afterEach(() => t.cleanup());

/** The live module renders after the burst of events; one microtask later its pushes are out. */
const settled = () => Promise.resolve();
const connect = (...ids: string[]) => ids.map((id) => t.deps.hub.subscribe([`user:${id}`]));
/** This module's pushes (the console pushes its own events to the same per-user topics). */
const ours = () => sent.filter((s) => /^(agent|queue|team)-/.test(s.message.event));
const pushedTo = (id: string) =>
  ours()
    .filter((s) => s.topic === `user:${id}`)
    .map((s) => s.message);
const event = (id: string, name: string) => pushedTo(id).filter((m) => m.event === name);

describe("live pushes to supervisors", () => {
  test("an agent's state change reaches their team's supervisor and the admins, not another team's supervisor", async () => {
    connect(f.sue, f.tom, f.boss);
    t.deps.presence.apply(f.ann, { type: "login", notReady: true });
    await settled();
    const [row] = event(f.sue, `agent-${f.ann}`);
    expect(row?.data).toContain("Not Ready");
    expect(row?.data).toContain("(Signed in)");
    expect(event(f.boss, `agent-${f.ann}`)).toHaveLength(1);
    expect(event(f.sue, `team-${f.teamA}`)[0]?.data).toContain("Not Ready 1");
    expect(pushedTo(f.tom)).toEqual([]);
  });

  test("work entering a department updates its row (waiting count) for the supervisors of its agents only", async () => {
    connect(f.sue, f.tom);
    t.deps.routing.enqueue({ channel: "voice", queueId: f.sales, customerName: "Carla" });
    await settled();
    const [row] = event(f.sue, `queue-${f.sales}`);
    expect(row?.data).toMatch(/data-field="waiting">1</);
    expect(pushedTo(f.tom)).toEqual([]);
  });

  test("an accepted offer shows as the agent's current work, rendered once for the whole burst of events", async () => {
    connect(f.sue);
    t.deps.presence.apply(f.ann, { type: "login", notReady: false });
    t.deps.routing.enqueue({ channel: "voice", queueId: f.sales, customerName: "Carla" });
    await settled();
    sent = [];
    const offer = t.deps.routing.ringingOffers(f.ann)[0]!;
    t.deps.routing.accept(offer.id, f.ann);
    await settled();
    const rows = event(f.sue, `agent-${f.ann}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.data).toContain("Busy");
    expect(rows[0]?.data).toContain("Carla");
    expect(event(f.sue, `queue-${f.sales}`)[0]?.data).toMatch(/data-field="waiting">0</);
  });

  test("with no supervisor connected nothing is rendered or sent", async () => {
    connect(f.ann);
    t.deps.presence.apply(f.ann, { type: "login", notReady: false });
    t.deps.routing.enqueue({ channel: "voice", queueId: f.sales });
    await settled();
    expect(ours()).toEqual([]);
  });
});
