import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { conversations } from "../chat/conversation-schema.ts";
import { interactions } from "../routing/interactions-schema.ts";
import { insertQueue, insertUser } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { widgetInvites } from "./invite-schema.ts";
import { INVITE_TTL_MS, readInviteForm, sendInvite } from "./invites.ts";

let t: TestApp;
let ann: string;
let bob: string;
let sales: string;
beforeEach(() => {
  t = makeTestApp();
  ann = insertUser(t.db, { username: "ann", fullName: "Ann Realname", alias: "Annie" });
  bob = insertUser(t.db, { username: "bob", alias: "Bobby" });
  sales = insertQueue(t.db, { name: "Sales", members: [ann, bob] });
  // Ann is signed in but Not Ready; Bob is Ready in the same department.
  t.deps.presence.apply(ann, { type: "login", notReady: true });
  t.deps.presence.apply(bob, { type: "login", notReady: false });
});
afterEach(() => t.cleanup());

/** Ann invites Carla; returns the link's token. No widget origin is configured: the appliance's own page is allowed. */
function invite(sentAt = t.clock.now()): string {
  const input = readInviteForm({ name: "Carla Customer", email: "carla@home.test", department: sales }, [sales]);
  const { link } = sendInvite(t.deps, ann, input, sentAt);
  return link.split("/connect/")[1] as string;
}

const SELF = "http://localhost";
const api = (method: string, path: string, body?: unknown, origin = SELF) =>
  Promise.resolve(
    t.app.request(`${SELF}/widget/api${path}`, {
      method,
      headers: { origin, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
const start = (token: string, body: Record<string, unknown> = { name: "Carla C.", email: "carla@home.test" }) =>
  api("POST", `/invites/${token}/start`, body);
const page = (token: string) => Promise.resolve(t.app.request(`${SELF}/connect/${token}`, { headers: { accept: "text/html" } }));
const ringing = (agentId: string) => t.deps.routing.ringingOffers(agentId).map((o) => o.interactionId);

describe("the link's page and the widget's reading of it", () => {
  test("greets the customer with the agent's alias and department and embeds the widget with the link's token", async () => {
    const token = invite();
    const res = await page(token);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain("Hello Carla Customer. Annie invited you to a chat with Sales.");
    expect(html).toContain(`<script src="/widget.js" data-invite="${token}" async`);
    expect(html).not.toContain("Realname");
    const read = await api("GET", `/invites/${token}`);
    expect(await read.json()).toMatchObject({
      status: "ready",
      name: "Carla Customer",
      email: "carla@home.test",
      alias: "Annie",
      department: "Sales",
    });
  });

  test("an unknown link says it is not valid (404) and loads no widget", async () => {
    const res = await page("x".repeat(43));
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("This invitation link is not valid.");
    expect(html).not.toContain("widget.js");
    expect((await api("GET", `/invites/${"x".repeat(43)}`)).status).toBe(404);
  });

  test("the appliance's own page may use the widget API without being an allowed origin; another site may not", async () => {
    const token = invite();
    expect((await api("GET", `/invites/${token}`)).status).toBe(200);
    const evil = await api("POST", `/invites/${token}/start`, { name: "Eve", email: "eve@evil.test" }, "https://evil.example");
    expect(evil.status).toBe(403);
    expect(t.db.select().from(conversations).all()).toHaveLength(0);
  });
});

describe("starting the invited chat", () => {
  test("rings the inviter directly even while Not Ready, never the Ready colleague, with the customer's details", async () => {
    const res = await start(invite());
    expect(res.status).toBe(201);
    const { conversationId, token } = (await res.json()) as { conversationId: string; token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const c = t.db.select().from(conversations).where(eq(conversations.id, conversationId)).get()!;
    const i = t.db.select().from(interactions).where(eq(interactions.id, c.interactionId!)).get()!;
    expect(i).toMatchObject({
      channel: "chat",
      queueId: sales,
      targetAgentId: ann,
      customerName: "Carla C.",
      customerAddress: "carla@home.test",
    });
    expect(ringing(ann)).toEqual([i.id]);
    expect(ringing(bob)).toEqual([]);
    expect(t.db.select().from(widgetInvites).get()).toMatchObject({ usedAt: t.clock.now(), conversationId });
  });

  test("the link works once: a second start is refused and the page then says it was used", async () => {
    const token = invite();
    expect((await start(token)).status).toBe(201);
    const again = await start(token);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toContain("already been used");
    expect(t.db.select().from(conversations).all()).toHaveLength(1);
    const res = await page(token);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("This invitation has already been used.");
    expect(html).not.toContain("Hello Carla");
    expect(await (await api("GET", `/invites/${token}`)).json()).toMatchObject({ status: "used" });
  });

  test("the link expires 24 hours after it was sent", async () => {
    // Sent a second short of a day ago (advancing a whole day would run a day of the appliance's timers).
    const token = invite(t.clock.now() - INVITE_TTL_MS + 1000);
    t.clock.advance(999);
    expect(await (await api("GET", `/invites/${token}`)).json()).toMatchObject({ status: "ready" });
    t.clock.advance(1);
    const res = await page(token);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This invitation has expired.");
    const late = await start(token);
    expect(late.status).toBe(409);
    expect(((await late.json()) as { error: string }).error).toContain("expired");
    expect(t.db.select().from(conversations).all()).toHaveLength(0);
  });

  test("bad visitor input is a 422 per field and leaves the link unused", async () => {
    const token = invite();
    const res = await start(token, { name: "", email: "nope" });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { fields: Record<string, string> }).fields).toMatchObject({
      name: "Name is required",
      email: "Email is not a valid email address",
    });
    expect(t.db.select().from(widgetInvites).get()?.usedAt).toBeNull();
    expect((await start(token)).status).toBe(201);
  });
});

describe("when the inviter cannot take it", () => {
  test("a declined invited chat goes on to the department", async () => {
    await start(invite());
    const [offer] = t.deps.routing.ringingOffers(ann);
    t.deps.routing.reject(offer!.id, ann);
    expect(ringing(bob)).toEqual([offer!.interactionId]);
    expect(ringing(ann)).toEqual([]);
  });

  test("one that rings out goes on to the department", async () => {
    await start(invite());
    const [offer] = t.deps.routing.ringingOffers(ann);
    t.clock.advance(offer!.expiresAt - t.clock.now());
    expect(ringing(bob)).toEqual([offer!.interactionId]);
  });

  test("an inviter who has signed out is skipped; with nobody signed in the link stays valid", async () => {
    const token = invite();
    t.deps.presence.apply(ann, { type: "logout" });
    expect((await start(token)).status).toBe(201);
    expect(ringing(bob)).toHaveLength(1);

    const second = invite();
    t.deps.presence.apply(bob, { type: "logout" });
    const closed = await start(second);
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { error: string }).error).toContain("Nobody can take the chat right now");
    expect(t.db.select().from(widgetInvites).where(eq(widgetInvites.usedAt, t.clock.now())).all()).toHaveLength(1);
  });

  test("an inviter who signs out while the invited chat waits for them leaves it to the department", async () => {
    const busy = t.deps.routing.enqueue({ channel: "chat", targetAgentId: ann, customerName: "Someone first" });
    await start(invite());
    expect(ringing(ann)).toEqual([busy.id]);
    t.deps.presence.apply(ann, { type: "logout" });
    expect(ringing(bob)).toHaveLength(1);
  });
});
