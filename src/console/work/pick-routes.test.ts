import { afterEach, beforeEach, expect, test } from "bun:test";
import { insertUser } from "../../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../../tests/support/harness.ts";
import { HX, twoAgents } from "../../../tests/support/kits/console.ts";
import { signedIn } from "../../../tests/support/users.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

test("Start session takes a waiting chat of a pick department; the second agent gets 409 with the reason", async () => {
  const { ann, bob, sales, as } = twoAgents(t, { workMode: "pick" });
  const i = t.deps.routing.enqueue({
    channel: "chat",
    queueId: sales,
    customerName: "Carla Customer",
    customerAddress: "+44 20 7946 0958",
  });
  expect((await as(bob).post(`/console/work/${i.id}/pick`, {}, HX)).status).toBe(204);
  expect(t.deps.routing.get(i.id)).toMatchObject({ status: "active", agentId: bob });
  const page = await (await as(bob).get("/console")).text();
  expect(page).toContain("Carla Customer");
  expect(page).toContain("End session");
  const late = await as(ann).post(`/console/work/${i.id}/pick`, {}, HX);
  expect(late.status).toBe(409);
  expect(await late.text()).toContain("Another agent already took this");
});

test("an agent outside the department gets 403", async () => {
  const { sales } = twoAgents(t, { workMode: "pick" });
  const olga = insertUser(t.db, { username: "olga", fullName: "Olga Outside" });
  t.deps.presence.apply(olga, { type: "login", notReady: false });
  const i = t.deps.routing.enqueue({
    channel: "chat",
    queueId: sales,
    customerName: "Carla Customer",
    customerAddress: "+44 20 7946 0958",
  });
  const res = await signedIn(t, olga).post(`/console/work/${i.id}/pick`, {}, HX);
  expect(res.status).toBe(403);
  expect(await res.text()).toContain("not a signed-in member");
  expect(t.deps.routing.get(i.id).status).toBe("queued");
});
