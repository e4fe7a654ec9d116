import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { listAudit } from "../audit/index.ts";
import { queues } from "../routing/schema.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { forcedAudits, HX, twoTeams } from "../../tests/support/kits/supervisor.ts";

let t: TestApp;
let f: ReturnType<typeof twoTeams>;
beforeEach(() => {
  t = makeTestApp();
  f = twoTeams(t);
});
afterEach(() => t.cleanup());

const login = (id: string, notReady = false) => t.deps.presence.apply(id, { type: "login", notReady });
const state = (id: string) => t.deps.presence.get(id).state;

describe("who may open the live view", () => {
  test("an agent is refused, an anonymous visitor is sent to sign in", async () => {
    expect((await f.as(f.ann).get("/supervisor")).status).toBe(403);
    expect((await f.as(f.ann).get(`/supervisor/agents/${f.ann}/row`)).status).toBe(403);
    const anon = await t.client().get("/supervisor");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/login?next=%2Fsupervisor");
  });

  test("a supervisor sees their team's agent and department, never another team's", async () => {
    const html = await (await f.as(f.sue).get("/supervisor")).text();
    expect(html).toContain("Alpha");
    expect(html).toContain(`data-agent="${f.ann}"`);
    expect(html).toContain("Sales");
    expect(html).not.toContain("Bravo");
    expect(html).not.toContain(`data-agent="${f.bob}"`);
    expect(html).not.toContain("Billing");
    expect(html).toContain('href="/supervisor">Live view</a>');
  });

  test("an admin sees every team, the agents in no team and every department", async () => {
    const html = await (await f.as(f.boss).get("/supervisor")).text();
    for (const text of ["Alpha", "Bravo", "Not in a team", "Sales", "Billing", `data-agent="${f.loner}"`]) expect(html).toContain(text);
  });

  test("another team's agent and department do not exist for a supervisor", async () => {
    const sue = f.as(f.sue);
    expect((await sue.get(`/supervisor/agents/${f.bob}/row`)).status).toBe(404);
    expect((await sue.get(`/supervisor/queues/${f.billing}/row`)).status).toBe(404);
    expect((await sue.get(`/supervisor/agents/${f.ann}/row`)).status).toBe(200);
    expect((await sue.get(`/supervisor/queues/${f.sales}/row`)).status).toBe(200);
    expect((await f.as(f.boss).get(`/supervisor/agents/${f.bob}/row`)).status).toBe(200);
  });
});

describe("changing an agent's state", () => {
  test("a supervisor makes their agent Not Ready; the row comes back with the new state and the change is audited", async () => {
    login(f.ann);
    const res = await f.as(f.sue).post(`/supervisor/agents/${f.ann}/state`, { to: "not_ready", [`reason-${f.ann}`]: "Lunch" }, HX);
    expect(res.status).toBe(200);
    const row = await res.text();
    expect(row).toContain("Not Ready");
    expect(row).toContain("(Lunch)");
    expect(row).toContain('value="ready"');
    expect(row).toContain('value="logout"');
    expect(t.deps.presence.get(f.ann)).toMatchObject({ state: "not_ready", reason: "Lunch" });
    expect(forcedAudits(t)).toEqual([{ actor: "sue", target: f.ann, agent: "Ann", from: "ready", to: "not_ready", reason: "Lunch" }]);
  });

  test("a supervisor cannot change another team's agent; nothing changes and nothing is audited", async () => {
    login(f.bob);
    const res = await f.as(f.sue).post(`/supervisor/agents/${f.bob}/state`, { to: "logout" }, HX);
    expect(res.status).toBe(404);
    expect(state(f.bob)).toBe("ready");
    expect(forcedAudits(t)).toEqual([]);
  });

  test("an admin can log out any agent; a plain form post comes back to the live view", async () => {
    login(f.bob, true);
    const res = await f.as(f.boss).post(`/supervisor/agents/${f.bob}/state`, { to: "logout" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/supervisor");
    expect(state(f.bob)).toBe("logged_out");
    expect(forcedAudits(t)).toMatchObject([{ actor: "boss", from: "not_ready", to: "logged_out" }]);
  });

  test("a move the state machine refuses is a 409 with its reason, and is not audited", async () => {
    login(f.ann);
    t.deps.routing.enqueue({ channel: "voice", queueId: f.sales, customerName: "Carla" });
    const offer = t.deps.routing.ringingOffers(f.ann)[0]!;
    t.deps.routing.accept(offer.id, f.ann);
    const sue = f.as(f.sue);
    const logout = await sue.post(`/supervisor/agents/${f.ann}/state`, { to: "logout" }, HX);
    expect(logout.status).toBe(409);
    expect(await logout.text()).toBe("Finish your open work before signing out.");
    const ready = await sue.post(`/supervisor/agents/${f.ann}/state`, { to: "ready" }, HX);
    expect(ready.status).toBe(409);
    expect(state(f.ann)).toBe("busy");
    expect(forcedAudits(t)).toEqual([]);
  });

  test("the row offers only the changes legal now", async () => {
    login(f.ann, true);
    const row = await (await f.as(f.sue).get(`/supervisor/agents/${f.ann}/row`)).text();
    expect(row).toContain(">Ready</button>");
    expect(row).toContain(">Not Ready</button>");
    expect(row).toContain(">Log out</button>");
    t.deps.presence.apply(f.ann, { type: "logout" });
    const out = await (await f.as(f.sue).get(`/supervisor/agents/${f.ann}/row`)).text();
    expect(out).not.toContain("</button>");
    expect(out).toContain("Logged out");
  });

  test("a reason that is not on the admin's list re-renders the row with a message (422)", async () => {
    login(f.ann);
    const res = await f.as(f.sue).post(`/supervisor/agents/${f.ann}/state`, { to: "not_ready", [`reason-${f.ann}`]: "Nap" }, HX);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Choose a reason from the list");
    expect(state(f.ann)).toBe("ready");
  });

  test("without the CSRF token the change is refused", async () => {
    login(f.ann);
    const res = await f.as(f.sue).post(`/supervisor/agents/${f.ann}/state`, { to: "logout", _csrf: "x".repeat(43) });
    expect(res.status).toBe(403);
    expect(state(f.ann)).toBe("ready");
  });

  test("/metrics counts agents by their current state and the work waiting in each department", async () => {
    login(f.ann);
    login(f.bob);
    await f.as(f.sue).post(`/supervisor/agents/${f.ann}/state`, { to: "not_ready", [`reason-${f.ann}`]: "Break" }, HX);
    t.deps.routing.enqueue({ channel: "voice", queueId: f.sales });
    const text = await (await t.client().get("/metrics")).text();
    expect(text).toContain('switchboard_agents{state="ready"} 1');
    expect(text).toContain('switchboard_agents{state="not_ready"} 1');
    expect(text).toContain('switchboard_queue_waiting{queue="Sales",channel="voice"} 1');
    expect(text).toContain('switchboard_interactions_active{channel="voice"} 0');
  });
});

describe("ending an agent's wrap-up", () => {
  const inWrapUp = () => {
    t.db.update(queues).set({ wrapUpMandatory: true }).where(eq(queues.id, f.sales)).run();
    login(f.ann);
    const i = t.deps.routing.enqueue({ channel: "voice", queueId: f.sales, customerName: "Carla" });
    t.deps.routing.accept(t.deps.routing.ringingOffers(f.ann)[0]?.id as string, f.ann);
    t.deps.routing.end(i.id, f.ann);
    expect(state(f.ann)).toBe("wrap_up");
    return i.id;
  };
  const endedAudits = () =>
    listAudit(t.db, { search: "agent.wrap_up_ended" }).rows.map((r) => ({ actor: r.actorName, ...JSON.parse(r.detail) }));

  test("the supervisor ends it from the row: the agent is Ready, the form is closed, and it is audited", async () => {
    const id = inWrapUp();
    const row = await (await f.as(f.sue).get(`/supervisor/agents/${f.ann}/row`)).text();
    expect(row).toContain(">End wrap-up</button>");
    const res = await f.as(f.sue).post(`/supervisor/agents/${f.ann}/end-wrap-up`, {}, HX);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("End wrap-up");
    expect(state(f.ann)).toBe("ready");
    expect(t.deps.routing.get(id)).toMatchObject({ status: "ended", disposition: null });
    expect(endedAudits()).toEqual([{ actor: "sue", agent: "Ann", closedForms: 1 }]);
  });

  test("another team's supervisor cannot, and an agent not in wrap-up has nothing to end", async () => {
    inWrapUp();
    expect((await f.as(f.tom).post(`/supervisor/agents/${f.ann}/end-wrap-up`, {}, HX)).status).toBe(404);
    expect(state(f.ann)).toBe("wrap_up");
    login(f.bob);
    expect((await f.as(f.boss).post(`/supervisor/agents/${f.bob}/end-wrap-up`, {}, HX)).status).toBe(409);
    expect(endedAudits()).toEqual([]);
  });
});
