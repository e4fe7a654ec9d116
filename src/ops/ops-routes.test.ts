import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { createApp } from "../app.ts";
import type { Role } from "../auth/index.ts";
import { users } from "../auth/schema.ts";
import { agentPresence } from "../presence/schema.ts";
import type { Channel } from "../routing/index.ts";
import { interactions } from "../routing/interactions-schema.ts";
import { queues } from "../routing/schema.ts";
import { createLogger, Metrics, newId } from "../shared/index.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

function addUser(role: Role, username = `${role}-${newId().slice(0, 8)}`): string {
  const now = t.clock.now();
  const id = newId();
  t.db.insert(users).values({ id, username, fullName: username, role, createdAt: now, updatedAt: now }).run();
  return id;
}

/** The value of one sample line, e.g. sample(text, 'switchboard_users{role="agent"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("/healthz", () => {
  test("answers ok while the database answers, 503 when it does not", async () => {
    const res = await t.app.request("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    t.db.$client.close();
    const down = await t.app.request("/healthz");
    expect(down.status).toBe(503);
  });
});

describe("/metrics", () => {
  test("serves Prometheus text with users by role, agents by state and the mail outbox", async () => {
    addUser("admin");
    for (let i = 0; i < 3; i++) addUser("agent");
    addUser("supervisor");
    const now = t.clock.now();
    const ready = { userId: addUser("agent"), state: "ready" as const, stateSince: now, idleSince: now, lastHeartbeatAt: now };
    t.db.insert(agentPresence).values(ready).run();
    t.deps.mail.enqueue(t.db, { to: "a@example.test", subject: "Hello", text: "Hi" });

    const res = await t.app.request("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    expect(sample(text, 'switchboard_users{role="admin"}')).toBe(1);
    expect(sample(text, 'switchboard_users{role="agent"}')).toBe(4);
    expect(sample(text, 'switchboard_users{role="supervisor"}')).toBe(1);
    expect(sample(text, 'switchboard_agents{state="logged_out"}')).toBe(4);
    expect(sample(text, 'switchboard_agents{state="ready"}')).toBe(1);
    expect(sample(text, 'switchboard_agents{state="busy"}')).toBe(0);
    expect(sample(text, 'switchboard_mail_outbox{status="pending"}')).toBe(1);
    expect(sample(text, 'switchboard_mail_outbox{status="failed"}')).toBe(0);
    expect(sample(text, "process_resident_memory_bytes")).toBeGreaterThan(1_000_000);
    expect(sample(text, "switchboard_uptime_seconds")).toBe(0);
    expect(text).toContain("# TYPE switchboard_sip_messages_total counter");
  });

  test("reports waiting interactions per queue and handled ones per channel", async () => {
    const now = t.clock.now();
    const addQueue = (name: string, channel: Channel) => {
      const id = newId();
      t.db.insert(queues).values({ id, name, channel, createdAt: now, updatedAt: now }).run();
      return id;
    };
    const sales = addQueue("Sales", "voice");
    addQueue("Web help", "chat");
    const add = (channel: Channel, status: "queued" | "active" | "ended", queueId: string | null) =>
      t.db.insert(interactions).values({ id: newId(), channel, direction: "inbound", status, queueId, createdAt: now }).run();
    add("voice", "queued", sales);
    add("voice", "queued", sales);
    add("voice", "active", sales);
    add("voice", "ended", sales);
    add("chat", "active", null);

    const text = await (await t.app.request("/metrics")).text();
    expect(sample(text, 'switchboard_queue_waiting{queue="Sales",channel="voice"}')).toBe(2);
    expect(sample(text, 'switchboard_queue_waiting{queue="Web help",channel="chat"}')).toBe(0);
    expect(sample(text, 'switchboard_interactions_active{channel="voice"}')).toBe(1);
    expect(sample(text, 'switchboard_interactions_active{channel="chat"}')).toBe(1);
    expect(sample(text, 'switchboard_interactions_active{channel="video"}')).toBe(0);
    expect(sample(text, "switchboard_calls_active")).toBe(1);
  });

  test("counts requests by method and status, and uptime follows the clock", async () => {
    await t.app.request("/healthz");
    await t.app.request("/healthz");
    await t.app.request("/no-such-page");
    t.clock.advance(90_000);
    const text = await (await t.app.request("/metrics")).text();
    expect(sample(text, 'switchboard_http_requests_total{method="GET",status="200"}')).toBe(2);
    expect(sample(text, 'switchboard_http_requests_total{method="GET",status="404"}')).toBe(1);
    expect(sample(text, "switchboard_uptime_seconds")).toBe(90);
  });
});

describe("request telemetry", () => {
  test("each request gets an id, echoed in the response and in a debug access-log line", async () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger("debug", {}, (line) => lines.push(JSON.parse(line)));
    const app = createApp({ ...t.deps, log, metrics: new Metrics() });
    const res = await app.request("/login");
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toContainEqual(expect.objectContaining({ level: "debug", msg: "request", requestId: id, path: "/login", status: 200 }));

    const kept = await app.request("/healthz", { headers: { "x-request-id": "lb-42<script>" } });
    expect(kept.headers.get("x-request-id")).toBe("lb-42script");
  });

  test("the access log stays quiet at info level", async () => {
    const lines: string[] = [];
    const app = createApp({ ...t.deps, log: createLogger("info", {}, (l) => lines.push(l)), metrics: new Metrics() });
    await app.request("/login");
    expect(lines).toEqual([]);
  });
});
