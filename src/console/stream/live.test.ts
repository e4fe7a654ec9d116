import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { signedIn } from "../../../tests/support/users.ts";
import { acceptedBy, twoAgents } from "../../../tests/support/kits/console.ts";
import { type ReadEvent, SseReader } from "../../../tests/support/sse-reader.ts";

let t: TestApp;
const open: SseReader[] = [];
beforeEach(() => {
  t = makeTestApp();
});
afterEach(async () => {
  for (const r of open.splice(0)) await r.cancel().catch(() => {});
  t.cleanup();
});

/** A connected console past its snapshot. */
async function consoleOf(userId: string): Promise<SseReader> {
  const reader = new SseReader(await signedIn(t, userId).get("/events"));
  open.push(reader);
  await reader.next("recent-calls"); // the snapshot's last event
  return reader;
}

const last = (events: ReadEvent[], name: string) => events.filter((e) => e.event === name).at(-1);

describe("console live pushes", () => {
  test("ring-all: when one agent accepts, the other's popup loses the offer", async () => {
    const { ann, bob, sales } = twoAgents(t, { strategy: "ring-all" });
    const bobConsole = await consoleOf(bob);
    const i = t.deps.routing.enqueue({ channel: "chat", queueId: sales, customerName: "Gil Shared" });
    expect((await bobConsole.next("offers")).data).toContain("Gil Shared");
    t.deps.routing.accept(t.deps.routing.ringingOffers(ann)[0]!.id, ann);
    expect((await bobConsole.next("offers")).data).not.toContain("Gil Shared");
    expect(t.deps.routing.get(i.id).agentId).toBe(ann);
  });

  test("a declined transfer tells the sender why; the chat stays in their tabs", async () => {
    const { ann, bob, sales } = twoAgents(t, { wrapUpS: 0 });
    const id = acceptedBy(t, sales, ann, "Hal Transfer");
    const annConsole = await consoleOf(ann);
    t.deps.routing.transferToAgent(id, ann, bob);
    t.deps.routing.reject(t.deps.routing.ringingOffers(bob)[0]!.id, bob);
    const events = await annConsole.within(150);
    expect(JSON.parse(last(events, "flash")?.data ?? "{}")).toEqual({ kind: "error", text: "The transfer failed: Bob Agent: declined." });
    expect(last(events, "work")?.data).toContain("Hal Transfer");
  });

  test("an accepted transfer says Transfer successful and closes the sender's tab", async () => {
    const { ann, bob, sales } = twoAgents(t, { wrapUpS: 0 });
    const id = acceptedBy(t, sales, ann, "Ida Moves");
    const annConsole = await consoleOf(ann);
    t.deps.routing.transferToAgent(id, ann, bob);
    t.deps.routing.accept(t.deps.routing.ringingOffers(bob)[0]!.id, bob);
    const events = await annConsole.within(150);
    expect(JSON.parse(last(events, "flash")?.data ?? "{}")).toEqual({ kind: "ok", text: "Transfer successful" });
    expect(last(events, "work")?.data).not.toContain("Ida Moves");
    expect(last(events, "state")?.data).toContain("Ready");
  });
});

/** A connected console past its snapshot's waiting list, which follows the console's own snapshot. */
async function waitingListOf(userId: string): Promise<SseReader> {
  const reader = await consoleOf(userId);
  await reader.next("waiting");
  return reader;
}

describe("the waiting list (issue 15)", () => {
  test("a chat queued in a pick department appears in both members' waiting lists, and leaves the other's when one takes it", async () => {
    const { ann, bob, sales } = twoAgents(t, { workMode: "pick" });
    const annConsole = await waitingListOf(ann);
    const bobConsole = await waitingListOf(bob);
    const i = t.deps.routing.enqueue({ channel: "chat", queueId: sales, customerName: "", customerAddress: "+44 20 7946 0958" });
    for (const c of [annConsole, bobConsole]) {
      const list = (await c.next("waiting")).data;
      expect(list).toContain("+44 20 7946 0958");
      expect(list).toContain("Sales");
      expect(list).toContain(`/console/work/${i.id}/pick`);
    }
    t.deps.routing.pick(i.id, ann);
    expect((await bobConsole.next("waiting")).data).toContain("Nothing is waiting in your departments.");
  });

  test("an offer department lists waiting work without Start session, and masks the number for an agent who masks", async () => {
    const { ann, bob, sales } = twoAgents(t, {}, { maskSensitive: true });
    t.deps.presence.apply(ann, { type: "choose_not_ready", reason: "Break" });
    t.deps.presence.apply(bob, { type: "choose_not_ready", reason: "Break" });
    const annConsole = await waitingListOf(ann);
    const i = t.deps.routing.enqueue({ channel: "chat", queueId: sales, customerName: "", customerAddress: "+44 20 7946 0958" });
    const list = (await annConsole.next("waiting")).data;
    expect(list).toContain("Sales");
    expect(list).not.toContain("7946 0958");
    expect(list).not.toContain(`/console/work/${i.id}/pick`);
  });
});
