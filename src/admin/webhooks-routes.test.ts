/**
 * Webhooks end to end: made on the admin page, fed by a real bus event, delivered to a real HTTP receiver on
 * loopback that checks the signature; a 500 is retried after the backoff; a silent receiver times out.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createHmac } from "node:crypto";
import type { Server } from "bun";
import { listAudit } from "../audit/index.ts";
import { makeTestApp, type TestApp, type TestClient } from "../../tests/support/harness.ts";
import { addUser, adminClient } from "../../tests/support/kits/admin.ts";
import { MAX_BODY_BYTES, WEBHOOK_AUTO_OFF_AFTER, WEBHOOK_RETRY_DELAYS_MS, WEBHOOK_TIMEOUT_MS } from "../integrations/webhooks/index.ts";
import { deliveryBody } from "../integrations/webhooks/outbox.ts";
import { createWebhookService } from "../integrations/webhooks/index.ts";
import { inProcessBus, silentLogger } from "../shared/index.ts";

/** An `interaction.ended` as routing publishes it. */
const ended = (interactionId: string) => ({
  interactionId,
  at: t.clock.now(),
  agentId: null,
  reason: "completed",
  wrapUp: false,
  channel: "chat" as const,
});

type Received = { headers: Headers; body: string };

/** A receiver on loopback: answers each request with the next status given (200 once they run out), or never. */
function startReceiver(statuses: (number | "silent")[] = []) {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server: Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      received.push({ headers: req.headers, body: await req.text() });
      for (const w of waiters.splice(0)) w();
      const status = statuses.shift() ?? 200;
      if (status === "silent") return new Promise<Response>(() => {});
      return new Response("ok", { status });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/hooks/switchboard`,
    received,
    /** Resolves once `n` requests have arrived. */
    async count(n: number) {
      while (received.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    stop: () => server.stop(true),
  };
}

let t: TestApp;
let c: TestClient;
let agentId: string;
let receiver: ReturnType<typeof startReceiver> | null = null;
beforeEach(async () => {
  t = makeTestApp();
  ({ c } = await adminClient(t));
  agentId = await addUser(t.db, "ann");
});
afterEach(() => {
  receiver?.stop();
  receiver = null;
  t.cleanup();
});

/** Creates a webhook on the admin page and returns its id and the secret the page showed once. */
async function createHook(url: string, events: string[], secret = ""): Promise<{ id: string; secret: string }> {
  const res = await c.post("/admin/webhooks", { url, secret, ...Object.fromEntries(events.map((e) => [`event_${e}`, "on"])) });
  expect(res.status).toBe(201);
  const html = await res.text();
  const shown = /id="new-secret" readonly="" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const id = /href="\/admin\/webhooks\/([^"]+)"/.exec(html)?.[1] ?? "";
  return { id, secret: shown };
}

function expectSigned(r: Received, secret: string) {
  const timestamp = r.headers.get("x-switchboard-timestamp") ?? "";
  const expected = `v1=${createHmac("sha256", secret).update(`${timestamp}.${r.body}`).digest("hex")}`;
  expect(r.headers.get("x-switchboard-signature")).toBe(expected);
  expect(Math.abs(Number(timestamp) * 1000 - t.clock.now())).toBeLessThan(1000 * 60 * 60);
}

const logOf = async (id: string) => (await (await c.get(`/admin/webhooks/${id}`)).text()).replace(/\s+/g, " ");

describe("webhooks", () => {
  test("an agent's state change is POSTed as JSON signed with the secret shown once", async () => {
    receiver = startReceiver();
    const hook = await createHook(receiver.url, ["agent.state_changed"]);
    expect(hook.secret).toMatch(/^whsec_/);
    expect(await (await c.get("/admin/webhooks")).text()).not.toContain(hook.secret);

    t.deps.presence.apply(agentId, { type: "login", notReady: true });
    await receiver.count(1);
    await t.deps.webhooks.flush();
    const [got] = receiver.received as [Received];
    expectSigned(got, hook.secret);
    expect(got.headers.get("content-type")).toBe("application/json");
    expect(got.headers.get("x-switchboard-event")).toBe("agent.state_changed");
    const json = JSON.parse(got.body);
    expect(json).toMatchObject({ event: "agent.state_changed", data: { userId: agentId, to: "not_ready" } });
    expect(json.id).toBe(got.headers.get("x-switchboard-delivery"));
    expect(await logOf(hook.id)).toContain("<td>agent.state_changed</td><td>Delivered</td><td>1</td><td>HTTP 200</td>");
    expect(listAudit(t.db, { search: "webhook.created" }).rows).toHaveLength(1);
  });

  test("a receiver answering 500 gets the same delivery again after the backoff, freshly signed", async () => {
    receiver = startReceiver([500]);
    const hook = await createHook(receiver.url, ["agent.state_changed"], "a-secret-the-admin-typed");
    expect(hook.secret).toBe("a-secret-the-admin-typed");
    t.deps.presence.apply(agentId, { type: "login", notReady: true });
    await receiver.count(1);
    await t.deps.webhooks.flush();
    expect(await logOf(hook.id)).toContain("<td>Retrying</td><td>1</td><td>HTTP 500: the receiver answered 500</td>");

    t.clock.advance(WEBHOOK_RETRY_DELAYS_MS[0] as number);
    await receiver.count(2);
    await t.deps.webhooks.flush();
    const [first, second] = receiver.received as [Received, Received];
    expect(second.body).toBe(first.body);
    expect(Number(second.headers.get("x-switchboard-timestamp"))).toBeGreaterThan(Number(first.headers.get("x-switchboard-timestamp")));
    expectSigned(second, hook.secret);
    expect(await logOf(hook.id)).toContain("<td>Delivered</td><td>2</td><td>HTTP 200</td>");
  });

  test("a receiver that never answers is given up on after the timeout and retried later", async () => {
    receiver = startReceiver(["silent"]);
    const hook = await createHook(receiver.url, ["agent.state_changed"]);
    t.deps.presence.apply(agentId, { type: "login", notReady: true });
    await receiver.count(1);
    t.clock.advance(WEBHOOK_TIMEOUT_MS);
    await t.deps.webhooks.flush();
    expect(await logOf(hook.id)).toContain(`<td>Retrying</td><td>1</td><td>no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s</td>`);
  });

  test("a receiver down through every retry of several deliveries turns the webhook off, with a banner for admins", async () => {
    receiver = startReceiver(Array(100).fill(500));
    const hook = await createHook(receiver.url, ["interaction.ended"]);
    for (let i = 0; i < WEBHOOK_AUTO_OFF_AFTER; i++) t.deps.bus.publish("interaction.ended", ended(`i${i}`));
    await receiver.count(WEBHOOK_AUTO_OFF_AFTER);
    await t.deps.webhooks.flush();
    expect(await (await c.get("/admin/webhooks/banner")).text()).not.toContain("was turned off");
    let attempts = WEBHOOK_AUTO_OFF_AFTER;
    for (const delay of WEBHOOK_RETRY_DELAYS_MS) {
      t.clock.advance(delay);
      attempts += WEBHOOK_AUTO_OFF_AFTER;
      await receiver.count(attempts);
      await t.deps.webhooks.flush();
    }
    const banner = await (await c.get("/admin/webhooks/banner")).text();
    expect(banner).toContain(`The webhook to ${receiver.url} was turned off: ${WEBHOOK_AUTO_OFF_AFTER} deliveries in a row failed`);
    expect(await logOf(hook.id)).toContain(`<td>Failed</td><td>${WEBHOOK_RETRY_DELAYS_MS.length + 1}</td><td>HTTP 500`);
    expect(listAudit(t.db, { search: "webhook.disabled" }).rows[0]).toMatchObject({ actorName: "system" });

    // Nothing more is sent while it is off; turning it on again clears the banner.
    t.deps.bus.publish("interaction.ended", ended("later"));
    await t.deps.webhooks.flush();
    expect(receiver.received).toHaveLength(attempts);
    await c.post(`/admin/webhooks/${hook.id}/enable`);
    expect(await (await c.get("/admin/webhooks/banner")).text()).not.toContain("was turned off");
  });

  test("an event taken on survives the delivering process going away: the next one to start sends it", async () => {
    receiver = startReceiver(["silent"]);
    const hook = await createHook(receiver.url, ["interaction.ended"]);
    t.deps.bus.publish("interaction.ended", ended("i1"));
    await receiver.count(1);
    // The first process stops while its POST hangs; another starts on the same database.
    t.deps.webhooks.stop();
    const next = createWebhookService({ db: t.db, clock: t.clock, log: silentLogger, bus: inProcessBus(() => {}) });
    next.start();
    try {
      await receiver.count(2);
      await next.flush();
      const [first, second] = receiver.received as [Received, Received];
      expect(second.headers.get("x-switchboard-delivery")).toBe(first.headers.get("x-switchboard-delivery"));
      expect(await logOf(hook.id)).toContain("<td>interaction.ended</td><td>Delivered</td>");
    } finally {
      next.stop();
    }
  });

  test("Send test event delivers a webhook.test event; a turned-off webhook gets nothing", async () => {
    receiver = startReceiver();
    const hook = await createHook(receiver.url, ["interaction.ended"]);
    expect((await c.post(`/admin/webhooks/${hook.id}/test`)).status).toBe(303);
    await receiver.count(1);
    await t.deps.webhooks.flush();
    expect(JSON.parse((receiver.received[0] as Received).body)).toMatchObject({ event: "webhook.test", data: { sentBy: "boss" } });

    await c.post(`/admin/webhooks/${hook.id}/disable`);
    t.deps.bus.publish("interaction.ended", ended("x"));
    await t.deps.webhooks.flush();
    expect(receiver.received).toHaveLength(1);
    expect(listAudit(t.db, { search: "webhook.disabled" }).rows).toHaveLength(1);
  });

  test("bad URLs, short secrets and no events are refused with the field's message", async () => {
    for (const [url, message] of [
      ["ftp://example.com/x", "URL must start with https://"],
      ["http://crm.example.com/hook", "URL must start with https://"],
      ["https://user:pw@crm.example.com/hook", "must not carry a user or password"],
      ["not a url", "URL must be a full address"],
    ] as const) {
      const res = await c.post("/admin/webhooks", { url, "event_interaction.ended": "on" });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(message);
    }
    const short = await c.post("/admin/webhooks", { url: "https://crm.example.com/hook", secret: "short" });
    expect(short.status).toBe(422);
    const html = await short.text();
    expect(html).toContain("Secret must be at least 16 characters");
    expect(html).toContain("Choose at least one event");
    expect(await (await c.get("/admin/webhooks")).text()).toContain("No webhooks yet.");
  });

  test("an event's data larger than the body bound is replaced by its ids", () => {
    const body = deliveryBody("d1", "chat_message.created", 0, { conversationId: "c1", text: "x".repeat(MAX_BODY_BYTES) });
    expect(Buffer.byteLength(body)).toBeLessThan(MAX_BODY_BYTES);
    expect(JSON.parse(body).data).toEqual({ conversationId: "c1", omitted: "larger than 64 KB" });
  });

  test("deleting asks first, then removes the webhook", async () => {
    receiver = startReceiver();
    const hook = await createHook(receiver.url, ["interaction.ended"]);
    expect(await (await c.get(`/admin/webhooks/${hook.id}/delete`)).text()).toContain("Delete the webhook to");
    expect((await c.post(`/admin/webhooks/${hook.id}/delete`)).status).toBe(303);
    expect((await c.get(`/admin/webhooks/${hook.id}`)).status).toBe(404);
  });

  test("agents cannot open the page", async () => {
    const agent = t.client();
    await agent.login("ann");
    expect((await agent.get("/admin/webhooks")).status).toBe(403);
  });
});
