import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { join } from "node:path";
import { insertQueue, insertUser } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { signedIn } from "../../tests/support/users.ts";
import type { SseMessage, SseSubscriber } from "../shared/index.ts";
import { teamMembers, teams } from "../teams/schema.ts";
import { sendInternal } from "./index.ts";

const HX = { "HX-Request": "true" };

let t: TestApp;
let ann: string;
let bob: string;
let eve: string;
let a: TestClient;
let b: TestClient;

beforeEach(() => {
  t = makeTestApp();
  ann = insertUser(t.db, { username: "ann", fullName: "Ann Agent" });
  bob = insertUser(t.db, { username: "bob", fullName: "Bob Builder" });
  eve = insertUser(t.db, { username: "eve", fullName: "Eve Elsewhere" });
  insertQueue(t.db, { name: "Sales", members: [ann, bob] });
  insertQueue(t.db, { name: "Billing", members: [eve] });
  a = signedIn(t, ann);
  b = signedIn(t, bob);
});
afterEach(() => t.cleanup());

const send = (c: TestClient, to: string, body: string) => c.post(`/console/internal/${to}`, { body }, HX);

describe("sending and reading", () => {
  test("a message sent is on disk when acknowledged, and the receiver reads it with its time", async () => {
    const res = await send(a, bob, "Can you take the next call?");
    expect(res.status).toBe(200);
    const mine = await res.text();
    expect(mine).toContain("Can you take the next call?");
    expect(mine).toContain(">You<");

    // A second connection to the file sees the row: the 2xx came after the commit.
    const other = new Database(join(t.dataDir, "switchboard.db"), { readonly: true });
    const row = other.query("SELECT from_id, to_id, body FROM internal_messages").get() as Record<string, string>;
    other.close();
    expect(row).toEqual({ from_id: ann, to_id: bob, body: "Can you take the next call?" });

    const theirs = await (await b.get(`/console/internal/${ann}`, HX)).text();
    expect(theirs).toContain("Chat with Ann Agent");
    expect(theirs).toContain("Can you take the next call?");
    expect(theirs).toMatch(/<strong>Ann Agent<\/strong> <time class="muted" datetime="[^"]+">\d\d:\d\d<\/time>/);
    expect(theirs).toContain(">Send</button>");
  });

  test("the conversation shows the last 50 messages, oldest first", async () => {
    for (let i = 1; i <= 55; i++) {
      sendInternal(t.db, t.deps.bus, { fromId: i % 2 ? ann : bob, toId: i % 2 ? bob : ann, body: `message #${i}.`, now: t.clock.now() });
    }
    const html = await (await a.get(`/console/internal/${bob}`, HX)).text();
    const shown = [...html.matchAll(/message #(\d+)\./g)].map((m) => Number(m[1]));
    expect(shown).toEqual(Array.from({ length: 50 }, (_, i) => i + 6));
  });

  test("empty and oversize messages are refused with 422, keep what was typed and store nothing", async () => {
    const empty = await send(a, bob, "   ");
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain("Message is required");

    const long = await send(a, bob, "x".repeat(2001));
    expect(long.status).toBe(422);
    const html = await long.text();
    expect(html).toContain("Message must be at most 2000 characters");
    expect(html).toContain(`value="${"x".repeat(2000)}"`);

    expect((await send(a, bob, "y".repeat(2000))).status).toBe(200);
    expect(t.db.$client.query("SELECT count(*) AS n FROM internal_messages").get()).toEqual({ n: 1 });
  });

  test("without htmx, sending answers with a redirect back to the conversation page", async () => {
    const res = await a.post(`/console/internal/${bob}`, { body: "plain form" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/console/internal/${bob}`);
    const page = await (await a.get(`/console/internal/${bob}`)).text();
    expect(page).toContain("<!doctype html>");
    expect(page).toContain('sse-connect="/events"');
    expect(page).toContain("plain form");
  });
});

describe("who can be reached", () => {
  test("someone sharing no queue or team, or nobody at all, is not found", async () => {
    for (const peer of [eve, "no-such-user"]) {
      expect((await a.get(`/console/internal/${peer}`, HX)).status).toBe(404);
      expect((await send(a, peer, "hello")).status).toBe(404);
    }
    expect(t.db.$client.query("SELECT count(*) AS n FROM internal_messages").get()).toEqual({ n: 0 });
  });

  test("a shared team makes colleagues, supervisors included; the list shows names, states and links", async () => {
    const sue = insertUser(t.db, { username: "sue", fullName: "Sue Supervisor", role: "supervisor" });
    t.db.insert(teams).values({ id: "t1", name: "Day shift", createdAt: 0 }).run();
    t.db
      .insert(teamMembers)
      .values([
        { teamId: "t1", userId: eve, role: "member" },
        { teamId: "t1", userId: sue, role: "supervisor" },
      ])
      .run();
    t.deps.presence.apply(sue, { type: "login", notReady: true });

    const html = await (await signedIn(t, eve).get("/console/colleagues", HX)).text();
    expect(html).toContain(`<a href="/console/internal/${sue}" hx-get="/console/internal/${sue}"`);
    expect(html).toContain("Sue Supervisor</a>");
    expect(html).toContain("Not Ready");
    expect(html).not.toContain("Ann Agent");
    expect((await signedIn(t, eve).post(`/console/internal/${sue}`, { body: "hi" }, HX)).status).toBe(200);
  });

  test("signed-out visitors are sent to sign in", async () => {
    const res = await t.client().get("/console/colleagues");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Fconsole%2Fcolleagues");
  });

  test("more than 30 messages in 10 seconds are refused with 429 until the window passes", async () => {
    for (let i = 0; i < 30; i++) expect((await send(a, bob, `m${i}`)).status).toBe(200);
    const refused = await send(a, bob, "one too many");
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("too fast");
    t.clock.advance(10_000);
    expect((await send(a, bob, "later")).status).toBe(200);
  });
});

describe("unread counts", () => {
  test("each colleague's count and the total show until the conversation is opened", async () => {
    await send(a, bob, "one");
    await send(a, bob, "two");
    const before = await (await b.get("/console/colleagues", HX)).text();
    expect(before).toContain("Ann Agent</a>");
    expect(before.match(/2 unread/g)).toHaveLength(2); // Ann's row and the total

    await b.get(`/console/internal/${ann}`, HX);
    const after = await (await b.get("/console/colleagues", HX)).text();
    expect(after).not.toMatch(/\d+ unread/);
    // The sender's own list never counted their messages.
    expect(await (await a.get("/console/colleagues", HX)).text()).not.toMatch(/\d+ unread/);
  });
});

/** Everything published to a topic so far (a marker message ends the batch, so reading never waits). */
async function drain(sub: SseSubscriber, topic: string): Promise<SseMessage[]> {
  t.deps.hub.publish(topic, { event: "end-of-batch", data: "" });
  const out: SseMessage[] = [];
  for (let m = await sub.next(); m && m.event !== "end-of-batch"; m = await sub.next()) out.push(m);
  return out;
}

describe("live pushes", () => {
  test("a new message reaches the receiver's open conversation and unread counts; reading clears them", async () => {
    const toBob = t.deps.hub.subscribe([`user:${bob}`]);
    await send(a, bob, "are you there?");
    const pushed = await drain(toBob, `user:${bob}`);
    const byEvent = Object.fromEntries(pushed.map((m) => [m.event, m.data]));
    expect(Object.keys(byEvent).sort()).toEqual(["colleagues", "internal-unread", `internal-${ann}`].sort());
    expect(byEvent[`internal-${ann}`]).toContain("are you there?");
    expect(byEvent[`internal-${ann}`]).toContain(`hx-post="/console/internal/${ann}/read"`);
    expect(byEvent["internal-unread"]).toContain("1 unread");
    expect(byEvent.colleagues).toContain("Ann Agent</a>");

    expect((await b.post(`/console/internal/${ann}/read`, {}, HX)).status).toBe(204);
    const afterRead = await drain(toBob, `user:${bob}`);
    expect(afterRead.find((m) => m.event === "internal-unread")?.data).toBe("");
  });

  test("a state change refreshes that row in the list of each connected colleague, and nobody else's", async () => {
    const dan = insertUser(t.db, { username: "dan", fullName: "Dan Desk" });
    insertQueue(t.db, { name: "Desk", members: [dan, bob] });
    sendInternal(t.db, t.deps.bus, { fromId: bob, toId: ann, body: "ping", now: t.clock.now() });
    const subscribe = (id: string) => t.deps.hub.subscribe([`user:${id}`]);
    const [toAnn, toDan, toEve] = [subscribe(ann), subscribe(dan), subscribe(eve)];
    for (const [sub, id] of [
      [toAnn, ann],
      [toDan, dan],
    ] as const)
      await drain(sub, `user:${id}`);
    t.deps.presence.apply(bob, { type: "login", notReady: false });
    const row = (sub: SseSubscriber, id: string) => drain(sub, `user:${id}`);
    const [forAnn, forDan] = [await row(toAnn, ann), await row(toDan, dan)];
    expect(forAnn.map((m) => m.event)).toEqual([`colleague-${bob}`]);
    expect(forAnn[0]?.data).toMatch(
      /Bob Builder<\/a><span class="state" data-state="ready">Ready<\/span><span class="badge danger">1 unread<\/span>$/,
    );
    expect(forDan.map((m) => [m.event, m.data.includes(">Ready<"), m.data.includes("unread")])).toEqual([
      [`colleague-${bob}`, true, false],
    ]);
    expect(await drain(toEve, `user:${eve}`)).toEqual([]);
  });

  test("pushed text is escaped too", async () => {
    const toBob = t.deps.hub.subscribe([`user:${bob}`]);
    await send(a, bob, "<script>alert(1)</script>");
    const item = (await drain(toBob, `user:${bob}`)).find((m) => m.event === `internal-${ann}`)?.data ?? "";
    expect(item).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(item).not.toContain("<script>");
  });
});

describe("escaping", () => {
  test("markup in messages and names stays inert text", async () => {
    const mal = insertUser(t.db, { username: "mal", fullName: '<img src=x onerror="alert(1)">' });
    insertQueue(t.db, { name: "Shared", members: [mal, bob] });
    await signedIn(t, mal).post(`/console/internal/${bob}`, { body: "<script>alert('x')</script>" }, HX);

    const list = await (await b.get("/console/colleagues", HX)).text();
    const chat = await (await b.get(`/console/internal/${mal}`, HX)).text();
    for (const html of [list, chat]) expect(html).not.toContain("<img src=x");
    expect(chat).not.toContain("<script>");
    expect(chat).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  });
});
