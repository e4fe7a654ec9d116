import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { acceptedBy, HX, twoAgents } from "../../../tests/support/kits/console.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const state = (id: string) => t.deps.presence.get(id).state;
/** The wrap-up forms the agent's console shows, by the action they post to. */
const wrapUpForms = (html: string) => [...html.matchAll(/action="(\/console\/work\/[^"]+\/wrap-up)"/g)].map((m) => m[1] as string);
const acceptTransfer = (to: string) => t.deps.routing.accept(t.deps.routing.ringingOffers(to)[0]?.id as string, to);

describe("wrap-up after a transfer (decision 014)", () => {
  test("each agent wraps up their own part of a transferred chat with their own disposition", async () => {
    const { ann, bob, sales, as } = twoAgents(t, { wrapUpMandatory: true });
    const chat = acceptedBy(t, sales, ann);
    await as(ann).post(`/console/chat/${chat}/transfer`, { to: `agent:${bob}` }, HX);
    acceptTransfer(bob);

    // The sender is in wrap-up for their part, and their console shows its form.
    expect(state(ann)).toBe("wrap_up");
    const annPage = await (await as(ann).get("/console")).text();
    const [annForm] = wrapUpForms(annPage);
    expect(annForm).toBeDefined();
    expect(annPage).toContain("Transferred to Bob Agent");
    expect(annPage).toContain("Wrap-up ends when you save the wrap-up form.");
    expect((await as(ann).post(annForm as string, { disposition: "" }, HX)).status).toBe(422);
    expect((await as(ann).post(annForm as string, { disposition: "Follow-up needed", notes: "Needs billing" }, HX)).status).toBe(204);
    expect(state(ann)).toBe("ready");
    expect(wrapUpForms(await (await as(ann).get("/console")).text())).toEqual([]);

    // The receiver gets the queue's wrap-up form when they end it.
    await as(bob).post(`/console/work/${chat}/end`, {}, HX);
    expect(state(bob)).toBe("wrap_up");
    expect(wrapUpForms(await (await as(bob).get("/console")).text())).toEqual([`/console/work/${chat}/wrap-up`]);
    await as(bob).post(`/console/work/${chat}/wrap-up`, { disposition: "Resolved", notes: "" }, HX);
    expect(state(bob)).toBe("ready");
    expect(t.deps.routing.get(chat)).toMatchObject({ status: "ended", agentId: bob, disposition: "Resolved" });
  });

  test("a transfer to a department leaves the sender a wrap-up form for their part too", async () => {
    const { ann, sales, as } = twoAgents(t, { wrapUpMandatory: true });
    const chat = acceptedBy(t, sales, ann);
    await as(ann).post(`/console/chat/${chat}/transfer`, { to: `queue:${sales}` }, HX);
    expect(state(ann)).toBe("wrap_up");
    const [form] = wrapUpForms(await (await as(ann).get("/console")).text());
    expect(form).toBeDefined();
    await as(ann).post(form as string, { disposition: "Resolved" }, HX);
    expect(state(ann)).not.toBe("wrap_up");
  });

  test("one agent cannot save another agent's part", async () => {
    const { ann, bob, sales, as } = twoAgents(t, { wrapUpMandatory: true });
    const chat = acceptedBy(t, sales, ann);
    await as(ann).post(`/console/chat/${chat}/transfer`, { to: `agent:${bob}` }, HX);
    acceptTransfer(bob);
    const [form] = wrapUpForms(await (await as(ann).get("/console")).text());
    expect((await as(bob).post(form as string, { disposition: "Resolved" }, HX)).status).toBe(404);
    expect(state(ann)).toBe("wrap_up");
  });
});

describe("nobody is held in wrap-up without a form or a countdown", () => {
  test("an agent left in a day-long wrap-up with no form (as transfers used to leave them) is freed when the console opens", async () => {
    const { ann, as } = twoAgents(t, { wrapUpMandatory: true });
    t.deps.presence.apply(ann, { type: "work_started" });
    t.deps.presence.apply(ann, { type: "work_ended", wrapUp: true }, 24 * 3600_000);
    expect(state(ann)).toBe("wrap_up");
    const page = await (await as(ann).get("/console")).text();
    expect(state(ann)).toBe("ready");
    expect(page).toContain('data-state="ready"');
  });

  test("after a restart the sender still owes the form of their part, and an agent owing nothing is freed", () => {
    const { ann, bob, sales } = twoAgents(t, { wrapUpMandatory: true });
    const chat = acceptedBy(t, sales, ann);
    t.deps.routing.transferToAgent(chat, ann, bob);
    acceptTransfer(bob);
    t.deps.routing.end(chat, bob);
    t.deps.routing.wrapUp(chat, bob, "Resolved", "");
    t.deps.presence.apply(bob, { type: "work_started" });
    t.deps.presence.apply(bob, { type: "work_ended", wrapUp: true }, 24 * 3600_000);
    t.deps.routing.restore();
    expect(state(ann)).toBe("wrap_up");
    expect(t.deps.routing.owedTransferWrapUps(ann)).toHaveLength(1);
    expect(state(bob)).toBe("ready");
  });
});
