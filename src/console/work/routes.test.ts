import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { acceptedBy, HX, offerTo, twoAgents } from "../../../tests/support/kits/console.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const state = (id: string) => t.deps.presence.get(id);

describe("accept and reject", () => {
  test("Accept takes the offer: the chat is the agent's, they are Busy, and it appears as a tab", async () => {
    const { ann, sales, as } = twoAgents(t);
    const { interactionId, offerId } = offerTo(t, sales, ann);
    const c = as(ann);
    const res = await c.post(`/console/offers/${offerId}/accept`, {}, HX);
    expect(res.status).toBe(204);
    expect(t.deps.routing.get(interactionId)).toMatchObject({ status: "active", agentId: ann });
    expect(state(ann).state).toBe("busy");
    const page = await (await c.get("/console")).text();
    expect(page).toContain('role="tab"');
    expect(page).toContain("Carla Customer");
    expect(page).toContain("End session");
  });

  test("without htmx the same form goes back to the console", async () => {
    const { ann, sales, as } = twoAgents(t);
    const { offerId } = offerTo(t, sales, ann);
    const res = await as(ann).post(`/console/offers/${offerId}/accept`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console");
  });

  test("Reject moves the offer on to the other agent", async () => {
    const { ann, bob, sales, as } = twoAgents(t);
    const { interactionId, offerId } = offerTo(t, sales, ann);
    expect((await as(ann).post(`/console/offers/${offerId}/reject`, {}, HX)).status).toBe(204);
    expect(t.deps.routing.ringingOffers(ann)).toHaveLength(0);
    expect(t.deps.routing.ringingOffers(bob).map((o) => o.interactionId)).toEqual([interactionId]);
  });

  test("another agent's offer is not found, and keeps ringing for its agent", async () => {
    const { ann, bob, sales, as } = twoAgents(t);
    const { offerId } = offerTo(t, sales, ann);
    for (const action of ["accept", "reject"]) {
      const res = await as(bob).post(`/console/offers/${offerId}/${action}`, {}, HX);
      expect(res.status).toBe(404);
    }
    expect(t.deps.routing.ringingOffers(ann).map((o) => o.id)).toEqual([offerId]);
  });

  test("an offer that stopped ringing answers 409 with the reason", async () => {
    const { ann, sales, as } = twoAgents(t, { ringTimeoutS: 10 });
    const { offerId } = offerTo(t, sales, ann);
    t.clock.advance(10_000);
    const res = await as(ann).post(`/console/offers/${offerId}/accept`, {}, HX);
    expect(res.status).toBe(409);
    expect(await res.text()).toBe("This offer is no longer available.");
  });
});

describe("end session and wrap-up", () => {
  test("End session of inbound queue work opens the wrap-up form; saving it makes the agent Ready", async () => {
    const { ann, sales, as } = twoAgents(t);
    const id = acceptedBy(t, sales, ann);
    const c = as(ann);
    expect((await c.post(`/console/work/${id}/end`, {}, HX)).status).toBe(204);
    expect(state(ann).state).toBe("wrap_up");
    const page = await (await c.get("/console")).text();
    expect(page).toContain("Save wrap-up");
    expect(page).toContain("Follow-up needed");
    const res = await c.post(`/console/work/${id}/wrap-up`, { disposition: "Resolved", notes: "Sent the invoice\nagain" }, HX);
    expect(res.status).toBe(204);
    expect(t.deps.routing.get(id)).toMatchObject({ status: "ended", disposition: "Resolved", notes: "Sent the invoice\nagain" });
    expect(state(ann).state).toBe("ready");
  });

  test("a mandatory wrap-up refuses an empty disposition with 422 and keeps the agent in wrap-up", async () => {
    const { ann, sales, as } = twoAgents(t, { wrapUpMandatory: true });
    const id = acceptedBy(t, sales, ann);
    const c = as(ann);
    await c.post(`/console/work/${id}/end`, {}, HX);
    const res = await c.post(`/console/work/${id}/wrap-up`, { disposition: "", notes: "kept" }, HX);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Disposition is required");
    expect(html).toContain("kept");
    expect(t.deps.routing.get(id).status).toBe("wrap_up");
    expect(state(ann).state).toBe("wrap_up");
  });

  test("an unknown disposition or notes over 2000 characters are refused with 422", async () => {
    const { ann, sales, as } = twoAgents(t);
    const id = acceptedBy(t, sales, ann);
    const c = as(ann);
    await c.post(`/console/work/${id}/end`, {}, HX);
    const bad = await c.post(`/console/work/${id}/wrap-up`, { disposition: "Made up" }, HX);
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Choose one of the dispositions");
    const long = await c.post(`/console/work/${id}/wrap-up`, { disposition: "Resolved", notes: "x".repeat(2001) });
    expect(long.status).toBe(422);
    expect(await long.text()).toContain("Notes must be at most 2000 characters");
    expect(t.deps.routing.get(id).status).toBe("wrap_up");
  });

  test("another agent's interaction is not found for End session or wrap-up", async () => {
    const { ann, bob, sales, as } = twoAgents(t);
    const id = acceptedBy(t, sales, ann);
    expect((await as(bob).post(`/console/work/${id}/end`, {}, HX)).status).toBe(404);
    expect(t.deps.routing.get(id).status).toBe("active");
    await as(ann).post(`/console/work/${id}/end`, {}, HX);
    expect((await as(bob).post(`/console/work/${id}/wrap-up`, { disposition: "Resolved" }, HX)).status).toBe(404);
    expect(t.deps.routing.get(id).status).toBe("wrap_up");
  });

  test("ending work that already ended answers 409", async () => {
    const { ann, sales, as } = twoAgents(t, { wrapUpS: 0 });
    const id = acceptedBy(t, sales, ann);
    await as(ann).post(`/console/work/${id}/end`, {}, HX);
    const again = await as(ann).post(`/console/work/${id}/end`, {}, HX);
    expect(again.status).toBe(409);
  });
});
