import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { listAudit } from "../audit/index.ts";
import { users } from "../auth/schema.ts";
import { getQueue, listQueueMembers } from "../routing/index.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { addUser, adminClient } from "../../tests/support/kits/admin.ts";

let t: TestApp;
let c: TestClient;
beforeEach(async () => {
  t = makeTestApp();
  ({ c } = await adminClient(t));
});
afterEach(() => t.cleanup());

const valid = {
  name: "Sales",
  channel: "voice",
  strategy: "round-robin",
  ringTimeoutS: "25",
  reofferAfterS: "45",
  maxWaitS: "300",
  overflowKind: "none",
  overflowQueueId: "",
  wrapUpS: "45",
  wrapUpMandatory: "on",
  announceKind: "both",
  announceEveryS: "60",
  priority: "7",
};

async function create(fields: Partial<typeof valid> = {}): Promise<string> {
  const res = await c.post("/admin/queues", { ...valid, ...fields });
  if (res.status !== 303) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return (res.headers.get("location") ?? "").split("/").pop() as string;
}

async function expect422(path: string, fields: Record<string, string>, message: string) {
  const res = await c.post(path, fields);
  expect(res.status).toBe(422);
  expect(await res.text()).toContain(message);
}

describe("queues", () => {
  test("create stores every setting; edit changes them; both are audited", async () => {
    const id = await create();
    expect(getQueue(t.db, id)).toMatchObject({
      name: "Sales",
      channel: "voice",
      strategy: "round-robin",
      ringTimeoutS: 25,
      reofferAfterS: 45,
      maxWaitS: 300,
      wrapUpS: 45,
      wrapUpMandatory: true,
      announceKind: "both",
      announceEveryS: 60,
      priority: 7,
    });
    const other = await create({ name: "Backup" });
    expect(
      (await c.post(`/admin/queues/${id}`, { ...valid, overflowKind: "queue", overflowQueueId: other, wrapUpMandatory: "" })).status,
    ).toBe(303);
    expect(getQueue(t.db, id)).toMatchObject({ overflowKind: "queue", overflowQueueId: other, wrapUpMandatory: false });
    const list = await (await c.get("/admin/queues?channel=voice")).text();
    expect(list).toContain("→ Backup");
    const actions = listAudit(t.db, {}).rows.map((r) => r.action);
    expect(actions.filter((a) => a === "queue.created")).toHaveLength(2);
    expect(actions).toContain("queue.updated");
  });

  test("the new-department form starts from the defaults and the chosen channel", async () => {
    const html = await (await c.get("/admin/queues/new?channel=chat")).text();
    expect(html).toContain('<option value="chat" selected="">chat</option>');
    expect(html).toMatch(/name="ringTimeoutS" type="number" value="20"/);
    expect(html).toMatch(/name="maxWaitS" type="number" value="600"/);
    expect(html).toContain("Re-offer after (seconds)");
    expect(html).toMatch(/name="reofferAfterS" type="number" value="30"/);
  });

  test("the list filters by channel", async () => {
    await create({ name: "Phones" });
    await create({ name: "Web chat", channel: "chat" });
    const chat = await (await c.get("/admin/queues?channel=chat")).text();
    expect(chat).toContain("Web chat");
    expect(chat).not.toContain("Phones");
    const all = await (await c.get("/admin/queues")).text();
    expect(all).toContain("Web chat");
    expect(all).toContain("Phones");
  });

  test("a chat department can be set to pick; the form shows the choice; voice departments cannot pick", async () => {
    const id = await create({ channel: "chat", workMode: "pick" } as Partial<typeof valid>);
    expect(getQueue(t.db, id).workMode).toBe("pick");
    const form = await (await c.get(`/admin/queues/${id}`)).text();
    expect(form).toContain("Work reaches agents by");
    expect(form).toMatch(/<option value="pick" selected/);
    await expect422("/admin/queues", { ...valid, name: "Phones", workMode: "pick" }, "available for chat departments only");
    await expect422("/admin/queues", { ...valid, name: "Phones", workMode: "grab" }, "Work reaches agents by must be one of");
  });

  test("switching a pick department to offer rings its waiting chat at once", async () => {
    const fields = { ...valid, channel: "chat", workMode: "pick" } as Partial<typeof valid>;
    const id = await create(fields);
    const ann = await addUser(t.db, "ann");
    t.deps.routing.enqueue({ channel: "chat", queueId: id, customerName: "Carla Customer" });
    expect((await c.post(`/admin/queues/${id}/members`, { userId: ann })).status).toBe(303);
    t.deps.presence.apply(ann, { type: "login", notReady: false });
    expect(t.deps.routing.ringingOffers(ann)).toHaveLength(0);
    expect((await c.post(`/admin/queues/${id}`, { ...fields, workMode: "offer" })).status).toBe(303);
    expect(t.deps.routing.ringingOffers(ann)).toHaveLength(1);
  });

  test("a Ready agent added to a department is offered the chat already waiting there at once", async () => {
    const id = await create({ ...valid, channel: "chat" } as Partial<typeof valid>);
    const [ann, bob] = [await addUser(t.db, "ann"), await addUser(t.db, "bob")];
    for (const agent of [ann, bob]) t.deps.presence.apply(agent, { type: "login", notReady: false });
    t.deps.routing.enqueue({ channel: "chat", queueId: id, customerName: "Carla Customer" });
    expect(t.deps.routing.ringingOffers(ann)).toHaveLength(0);
    expect((await c.post(`/admin/queues/${id}/members`, { userId: ann })).status).toBe(303);
    expect(t.deps.routing.ringingOffers(ann)).toHaveLength(1);
    t.deps.routing.enqueue({ channel: "chat", queueId: id, customerName: "Dora Customer" });
    expect((await c.post(`/admin/queues/${id}/members/all`, {})).status).toBe(303);
    expect(t.deps.routing.ringingOffers(bob)).toHaveLength(1);
  });

  test("bad strategy, channel and out-of-range numbers are refused with 422", async () => {
    await expect422("/admin/queues", { ...valid, strategy: "loudest" }, "Routing strategy must be one of");
    await expect422("/admin/queues", { ...valid, channel: "fax" }, "Channel must be one of");
    await expect422("/admin/queues", { ...valid, ringTimeoutS: "4" }, "Ring timeout per agent (seconds) must be between 5 and 300");
    await expect422("/admin/queues", { ...valid, reofferAfterS: "4" }, "Re-offer after (seconds) must be between 5 and 3600");
    await expect422("/admin/queues", { ...valid, maxWaitS: "86401" }, "Maximum wait (seconds) must be between 10 and 86400");
    await expect422("/admin/queues", { ...valid, wrapUpS: "-1" }, "Wrap-up (seconds) must be between 0 and 3600");
    await expect422("/admin/queues", { ...valid, priority: "101" }, "Priority must be between 0 and 100");
    await expect422("/admin/queues", { ...valid, announceEveryS: "10" }, "must be 0 (off) or between 15 and 600");
    await expect422("/admin/queues", { ...valid, priority: "lots" }, "Priority must be a whole number");
    await expect422("/admin/queues", { ...valid, name: "" }, "Name is required");
    await expect422("/admin/queues", { ...valid, overflowKind: "voicemail" }, "Overflow must be one of: none, queue, announcement, hangup");
    await create();
    await expect422("/admin/queues", valid, "A department named Sales already exists");
  });

  test("video and email departments are not offered and are refused with 422 until those channels exist; nothing is stored", async () => {
    for (const path of ["/admin/queues/new", "/admin/queues"]) {
      const html = await (await c.get(path)).text();
      expect(html).not.toMatch(/<option value="(video|email)"/);
    }
    await expect422(
      "/admin/queues",
      { ...valid, channel: "video" },
      "Video departments arrive with the video channel; choose voice or chat",
    );
    await expect422(
      "/admin/queues",
      { ...valid, channel: "email" },
      "Email departments arrive with the email channel; choose voice or chat",
    );
    const id = await create();
    await expect422(`/admin/queues/${id}`, { ...valid, channel: "email" }, "Email departments arrive with the email channel");
    expect(getQueue(t.db, id).channel).toBe("voice");
    expect(t.db.$client.query("select count(*) as n from queues").get()).toEqual({ n: 1 });
  });

  test("overflow must go to another existing department of the same channel", async () => {
    const id = await create();
    const chat = await create({ name: "Chat", channel: "chat" });
    await expect422(
      `/admin/queues/${id}`,
      { ...valid, overflowKind: "queue", overflowQueueId: id },
      "A department cannot overflow to itself",
    );
    await expect422(`/admin/queues/${id}`, { ...valid, overflowKind: "queue", overflowQueueId: chat }, "overflow must stay on voice");
    await expect422(`/admin/queues/${id}`, { ...valid, overflowKind: "queue", overflowQueueId: "gone" }, "Choose an existing department");
    await expect422(
      `/admin/queues/${id}`,
      { ...valid, overflowKind: "queue", overflowQueueId: "" },
      "Choose the department to overflow to",
    );
    expect(getQueue(t.db, id).overflowKind).toBe("none");
  });

  test("a department that is another's overflow target cannot be deleted; otherwise delete works", async () => {
    const target = await create({ name: "Target" });
    const feeder = await create({ name: "Feeder", overflowKind: "queue", overflowQueueId: target });
    const refused = await c.post(`/admin/queues/${target}/delete`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("it is the overflow target of Feeder");
    await expect422(`/admin/queues/${target}`, { ...valid, name: "Target", channel: "chat" }, "Feeder overflow into this department");
    expect((await c.post(`/admin/queues/${feeder}/delete`)).status).toBe(303);
    expect((await c.post(`/admin/queues/${target}/delete`)).status).toBe(303);
    expect((await c.get(`/admin/queues/${target}`)).status).toBe(404);
    expect(listAudit(t.db, {}).rows.filter((r) => r.action === "queue.deleted")).toHaveLength(2);
  });

  test("a department with waiting work cannot be deleted until it is empty", async () => {
    const id = await create({ name: "Busy" });
    const waiting = t.deps.routing.enqueue({ channel: "voice", queueId: id, customerName: "Carla" });
    const refused = await c.post(`/admin/queues/${id}/delete`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("while 1 interaction(s) wait in it");
    t.deps.routing.abandon(waiting.id);
    expect((await c.post(`/admin/queues/${id}/delete`)).status).toBe(303);
  });

  test("add one agent, add all agents, remove one", async () => {
    const id = await create();
    const ann = await addUser(t.db, "ann", "agent", "Ann Agent");
    await addUser(t.db, "bob", "agent", "Bob Agent");
    await addUser(t.db, "sue", "supervisor", "Sue Super");
    const gone = await addUser(t.db, "old", "agent", "Old Agent");
    t.db.update(users).set({ disabled: true }).where(eq(users.id, gone)).run();
    const admin = t.db.select().from(users).where(eq(users.username, "boss")).get()!.id;

    expect((await c.post(`/admin/queues/${id}/members`, { userId: ann })).status).toBe(303);
    expect(listQueueMembers(t.db, id).map((m) => m.username)).toEqual(["ann"]);
    await expect422(`/admin/queues/${id}/members`, { userId: ann }, "Ann Agent is already in Sales");
    await expect422(`/admin/queues/${id}/members`, { userId: admin }, "The Boss is not an agent or supervisor");

    const all = await c.post(`/admin/queues/${id}/members/all`);
    expect(all.status).toBe(303);
    expect(await (await c.get(all.headers.get("location") ?? "")).text()).toContain("Added 2 agents.");
    expect(listQueueMembers(t.db, id).map((m) => m.username)).toEqual(["ann", "bob", "sue"]);
    const again = await c.post(`/admin/queues/${id}/members/all`);
    expect(await (await c.get(again.headers.get("location") ?? "")).text()).toContain("Every agent is already in this department.");

    expect((await c.post(`/admin/queues/${id}/members/${ann}/remove`)).status).toBe(303);
    expect(listQueueMembers(t.db, id).map((m) => m.username)).toEqual(["bob", "sue"]);
    expect((await c.post(`/admin/queues/${id}/members/${ann}/remove`)).status).toBe(404);
    const actions = listAudit(t.db, {}).rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["queue.member_added", "queue.all_agents_added", "queue.member_removed"]));
  });

  test("unknown department ids are 404", async () => {
    expect((await c.get("/admin/queues/nope")).status).toBe(404);
    expect((await c.post("/admin/queues/nope", valid)).status).toBe(404);
    expect((await c.get("/admin/queues/nope/delete")).status).toBe(404);
    expect((await c.post("/admin/queues/nope/members/all")).status).toBe(404);
  });

  test("a script in a department name is shown as text", async () => {
    const id = await create({ name: "<script>alert(1)</script>" });
    for (const path of ["/admin/queues", `/admin/queues/${id}`]) {
      const html = await (await c.get(path)).text();
      expect(html).not.toContain("<script>alert(1)</script>");
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
  });
});
