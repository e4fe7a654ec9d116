import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { insertQueue, insertUser } from "../../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { signedIn } from "../../../tests/support/users.ts";
import { acceptedBy, HX, twoAgents } from "../../../tests/support/kits/console.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const state = (id: string) => t.deps.presence.get(id);

describe("signing in to the queues", () => {
  test("opening the console signs a logged-out agent in as Ready; a reload changes nothing", async () => {
    const ann = insertUser(t.db, { username: "ann" });
    const c = signedIn(t, ann);
    expect(state(ann).state).toBe("logged_out");
    const page = await (await c.get("/console")).text();
    expect(state(ann).state).toBe("ready");
    expect(page).toContain('data-state="ready"');
    t.deps.presence.apply(ann, { type: "choose_not_ready", reason: "Lunch" });
    t.clock.advance(5000);
    await c.get("/console");
    expect(state(ann)).toMatchObject({ state: "not_ready", reason: "Lunch" });
  });

  test("an agent whose profile says so signs in Not Ready", async () => {
    const ann = insertUser(t.db, { username: "ann", loginNotReady: true });
    await signedIn(t, ann).get("/console");
    expect(state(ann).state).toBe("not_ready");
  });

  test("signing out of the web session signs out of the queues, but not with open work", async () => {
    const { ann, bob, sales, as } = twoAgents(t);
    acceptedBy(t, sales, ann);
    expect((await as(bob).post("/logout")).status).toBe(303);
    expect(state(bob).state).toBe("logged_out");
    await as(ann).post("/logout");
    expect(state(ann).state).toBe("busy");
  });
});

describe("state changes", () => {
  test("Not Ready with a reason answers with the new panel, which offers Ready", async () => {
    const { ann, as } = twoAgents(t);
    const res = await as(ann).post("/console/state", { to: "not_ready", reason: "Lunch" }, HX);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Lunch");
    expect(html).toMatch(/<button[^>]*>Ready<\/button>/);
    expect(state(ann)).toMatchObject({ state: "not_ready", reason: "Lunch" });
  });

  test("an illegal move answers 409 with the reason and changes nothing", async () => {
    const { ann, sales, as } = twoAgents(t);
    acceptedBy(t, sales, ann);
    const res = await as(ann).post("/console/state", { to: "logout" }, HX);
    expect(res.status).toBe(409);
    expect(await res.text()).toBe("Finish your open work before signing out.");
    expect(state(ann).state).toBe("busy");
  });

  test("a reason that is not on the list is refused with 422", async () => {
    const { ann, as } = twoAgents(t);
    const res = await as(ann).post("/console/state", { to: "not_ready", reason: "Nap" }, HX);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Choose one of the Not Ready reasons.");
    expect(state(ann).state).toBe("ready");
  });

  test("during wrap-up only Not Ready is offered, and choosing it makes the agent Pending Not Ready", async () => {
    const { ann, sales, as } = twoAgents(t);
    const id = acceptedBy(t, sales, ann);
    t.deps.routing.end(id, ann);
    const c = as(ann);
    const page = await (await c.get("/console")).text();
    expect(page).toContain(">Not Ready</button>");
    expect(page).not.toMatch(/<button[^>]*>Ready<\/button>/);
    expect(page).not.toContain("Sign out of queues");
    expect((await c.post("/console/state", { to: "ready" }, HX)).status).toBe(409);
    await c.post("/console/state", { to: "not_ready", reason: "Break" }, HX);
    expect(state(ann).state).toBe("pending_not_ready");
  });

  test("signed out of the queues, Ready signs in again and Not Ready signs in with the reason", async () => {
    const { ann, bob, as } = twoAgents(t);
    t.deps.presence.apply(ann, { type: "logout" });
    t.deps.presence.apply(bob, { type: "logout" });
    await as(ann).post("/console/state", { to: "ready" }, HX);
    expect(state(ann).state).toBe("ready");
    await as(bob).post("/console/state", { to: "not_ready", reason: "Training" }, HX);
    expect(state(bob)).toMatchObject({ state: "not_ready", reason: "Training" });
  });
});

describe("pause per channel and heartbeat", () => {
  test("pausing a channel of my departments shows Resume; a channel I do not work is refused", async () => {
    const { ann, as } = twoAgents(t);
    const c = as(ann);
    const res = await c.post("/console/pause", { channel: "chat", paused: "1" }, HX);
    expect(await res.text()).toContain("Resume chat");
    expect(t.deps.presence.get(ann).pausedChannels).toBe('["chat"]');
    expect((await c.post("/console/pause", { channel: "voice", paused: "1" }, HX)).status).toBe(422);
    await c.post("/console/pause", { channel: "chat", paused: "0" }, HX);
    expect(t.deps.presence.get(ann).pausedChannels).toBe("[]");
  });

  test("the page heartbeat keeps the agent present", async () => {
    const ann = insertUser(t.db, { username: "ann" });
    insertQueue(t.db, { name: "Q", members: [ann] });
    const c = signedIn(t, ann);
    await c.get("/console");
    t.clock.advance(45_000);
    expect((await c.post("/console/heartbeat", {}, HX)).status).toBe(204);
    expect(state(ann).lastHeartbeatAt).toBe(t.clock.now());
    t.clock.advance(45_000);
    expect(state(ann).state).toBe("ready");
  });
});
