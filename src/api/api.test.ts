import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { z } from "@hono/zod-openapi";
import { type ApiScope, listApiTokens, revokeApiToken } from "../auth/index.ts";
import { listAudit } from "../audit/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { insertQueue } from "../../tests/support/fixtures.ts";
import { adminClient, makeUser, signedIn } from "../../tests/support/users.ts";
import { API_RATE_PER_MINUTE } from "./index.ts";
import { API_OPERATIONS } from "./routes.tsx";
import { tokenFor } from "../../tests/support/kits/api.ts";

type Call = { method: string; path: string; token?: string; body?: unknown; headers?: Record<string, string> };
type Doc = { paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>> };

let t: TestApp;
let adminId: string;
let secret: string;

async function call(c: Call) {
  const headers: Record<string, string> = { ...(c.token ? { authorization: `Bearer ${c.token}` } : {}), ...c.headers };
  if (c.body !== undefined) headers["content-type"] ??= "application/json";
  const body = c.body === undefined ? undefined : typeof c.body === "string" ? c.body : JSON.stringify(c.body);
  const res = await t.app.request(`http://localhost/api/v1${c.path}`, { method: c.method, headers, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, json, text, headers: res.headers };
}
const get = (path: string, token = secret) => call({ method: "GET", path, token });

type Responses = Record<number, { content: { "application/json": { schema: z.ZodType } } } | undefined>;

/** The zod schema the route definition documents for this answer (the same one the OpenAPI document is made from). */
function documentedSchema(operationId: string, status: number): z.ZodType {
  const responses = API_OPERATIONS[operationId]?.responses as Responses | undefined;
  const schema = responses?.[status]?.content["application/json"].schema;
  if (!schema) throw new Error(`${operationId} documents no JSON answer for ${status}`);
  return schema;
}

function expectErrorShape(json: unknown, code: string) {
  expect(json).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

beforeEach(async () => {
  t = makeTestApp();
  adminId = (await adminClient(t)).id;
  secret = tokenFor(t.db, t.clock.now(), adminId).secret;
});
afterEach(() => t.cleanup());

describe("the OpenAPI document", () => {
  test("every documented operation answers a valid call with a body matching its documented schema", async () => {
    const agent = await makeUser(t, { username: "ann", fullName: "Ann Agent" });
    const sue = await makeUser(t, { username: "sue", fullName: "Sue Super", role: "supervisor" });
    const queue = insertQueue(t.db, { name: "Sales", channel: "chat", members: [agent] });
    const work = t.deps.routing.enqueue({ channel: "chat", queueId: queue, customerName: "Carla", subject: "Order" });
    t.deps.presence.apply(agent, { type: "login", notReady: true });
    const outsideCall = t.deps.routing.startOwnWork({ channel: "voice", agentId: sue, customerAddress: "0441234999" });

    const examples: Record<string, { path: string; body?: unknown; status?: number }> = {
      listUsers: { path: "/users?limit=2&role=agent" },
      getUser: { path: `/users/${agent}` },
      createUser: {
        path: "/users",
        body: { fullName: "Neil New", username: "neil", role: "agent", email: "neil@example.test" },
        status: 201,
      },
      updateUser: { path: `/users/${agent}`, body: { alias: "Annie" } },
      disableUser: { path: `/users/${sue}/disable` },
      listDepartments: { path: "/departments" },
      getDepartment: { path: `/departments/${queue}` },
      listDepartmentMembers: { path: `/departments/${queue}/members` },
      addDepartmentMember: { path: `/departments/${queue}/members/${sue}` },
      removeDepartmentMember: { path: `/departments/${queue}/members/${sue}` },
      getAgentState: { path: `/agents/${agent}/state` },
      setAgentState: { path: `/agents/${agent}/state`, body: { state: "ready" } },
      getQueueFigures: { path: "/queue-figures" },
      listInteractions: { path: `/interactions?status=queued&departmentId=${queue}` },
      getInteraction: { path: `/interactions/${work.id}` },
      // Ann has no phone here: the refusal's shape is checked; the placed call is tests/e2e/api-dial.test.ts's.
      placeCall: { path: "/calls", body: { agent: "ann", number: "0441234999" }, status: 409 },
      getCall: { path: `/calls/${outsideCall.id}` },
      getQueueReport: { path: `/reports/queues?departmentId=${queue}&interval=day` },
      getAgentReport: { path: `/reports/agents?agentId=${agent}` },
    };

    const doc = (await call({ method: "GET", path: "/openapi.json" })).json as Doc;
    const seen: string[] = [];
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item)) {
        const example = examples[op.operationId];
        if (!example) throw new Error(`no example call for ${op.operationId}: add one`);
        const res = await call({ method: method.toUpperCase(), path: example.path, token: secret, body: example.body });
        const status = example.status ?? 200;
        expect({ op: op.operationId, status: res.status }).toEqual({ op: op.operationId, status });
        expect(Object.keys(op.responses)).toContain(String(status));
        expect(example.path.split("?")[0]?.split("/").length).toBe(path.split("/").length);
        const parsed = documentedSchema(op.operationId, status).safeParse(res.json);
        expect({ op: op.operationId, issues: parsed.error?.issues ?? [] }).toEqual({ op: op.operationId, issues: [] });
        seen.push(op.operationId);
      }
    expect(seen.sort()).toEqual(Object.keys(examples).sort());

    // What the calls did is what a user of the admin pages would see.
    expect((await get(`/users/${agent}`)).json).toMatchObject({ alias: "Annie" });
    expect((await get(`/users/${sue}`)).json).toMatchObject({ disabled: true });
    expect((await get(`/agents/${agent}/state`)).json).toMatchObject({ state: "ready" });
    const figures = (await get("/queue-figures")).json as { items: { name: string; waiting: number; readyAgents: number }[] };
    expect(figures.items).toEqual([expect.objectContaining({ name: "Sales", waiting: 1, readyAgents: 1 })]);
  });

  test("the document is OpenAPI 3.1 with a bearer scheme, and needs no token", async () => {
    const res = await call({ method: "GET", path: "/openapi.json" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ openapi: "3.1.0", components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } } });
  });
});

describe("tokens", () => {
  test("no token, an unknown one, an expired one and a revoked one get 401 in the error shape", async () => {
    const none = await call({ method: "GET", path: "/users" });
    expect(none.status).toBe(401);
    expectErrorShape(none.json, "unauthorized");
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await get("/users", "sbk_not-a-real-token")).status).toBe(401);

    const short = tokenFor(t.db, t.clock.now(), adminId, ["users:read"], 30).secret;
    expect((await get("/users", short)).status).toBe(200);
    t.clock.advance(31 * 86_400_000);
    expect((await get("/users", short)).status).toBe(401);

    const other = tokenFor(t.db, t.clock.now(), adminId, ["users:read"]);
    expect((await get("/users", other.secret)).status).toBe(200);
    revokeApiToken(t.db, other.id, { id: adminId, name: "boss" }, t.clock.now());
    const revoked = await get("/users", other.secret);
    expect(revoked.status).toBe(401);
    expectErrorShape(revoked.json, "unauthorized");
  });

  test("a session cookie does not authenticate the API, and no CSRF token is asked of a bearer call", async () => {
    const c = signedIn(t, adminId);
    const res = await c.get("/api/v1/users");
    expect(res.status).toBe(401);
    const created = await call({ method: "POST", path: "/users", token: secret, body: { fullName: "Bo", username: "bo", role: "agent" } });
    expect(created.status).toBe(201);
  });

  test("a read token cannot write (403) and reads only what its scopes name", async () => {
    const read = tokenFor(t.db, t.clock.now(), adminId, ["users:read"] satisfies ApiScope[]).secret;
    const denied = await call({
      method: "POST",
      path: "/users",
      token: read,
      body: { fullName: "Bo Berg", username: "bo", role: "agent" },
    });
    expect(denied.status).toBe(403);
    expectErrorShape(denied.json, "forbidden");
    expect((await get("/users?search=Berg", read)).json).toMatchObject({ items: [] });
    expect((await get("/departments", read)).status).toBe(403);
    expect((await get("/users", read)).status).toBe(200);
  });

  test("a token making too many requests gets 429 with Retry-After, and is served again after the window", async () => {
    for (let i = 0; i < API_RATE_PER_MINUTE; i++) expect((await get("/queue-figures")).status).toBe(200);
    const limited = await get("/queue-figures");
    expect(limited.status).toBe(429);
    expectErrorShape(limited.json, "rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const another = tokenFor(t.db, t.clock.now(), adminId).secret;
    expect((await get("/queue-figures", another)).status).toBe(200);
    t.clock.advance(60_000);
    expect((await get("/queue-figures")).status).toBe(200);
  });

  test("every write is audited under the token's name", async () => {
    const res = await call({ method: "POST", path: "/users", token: secret, body: { fullName: "Bo Berg", username: "bo", role: "agent" } });
    expect(res.status).toBe(201);
    const rows = listAudit(t.db, { search: "user.created" }).rows;
    expect(rows[0]).toMatchObject({ action: "user.created", actorName: 'API token "CRM sync"' });
  });

  test("last use is recorded", async () => {
    const { id, secret: s } = tokenFor(t.db, t.clock.now(), adminId);
    t.clock.advance(5 * 60_000);
    await get("/users", s);
    expect(listApiTokens(t.db).find((x) => x.id === id)?.lastUsedAt).toBe(t.clock.now());
  });
});

describe("bad input", () => {
  const cases: [string, Call, number][] = [
    ["malformed JSON", { method: "POST", path: "/users", body: "{bad" }, 400],
    ["a body of the wrong type", { method: "POST", path: "/users", body: { fullName: 5, username: "x", role: "agent" } }, 422],
    ["an unknown field", { method: "POST", path: "/users", body: { fullName: "X", username: "x", role: "agent", admin: true } }, 422],
    [
      "a username the admin form refuses",
      { method: "POST", path: "/users", body: { fullName: "X", username: "x y!", role: "agent" } },
      422,
    ],
    ["an unknown role", { method: "POST", path: "/users", body: { fullName: "X", username: "x", role: "owner" } }, 422],
    ["a body that is not JSON", { method: "POST", path: "/users", body: "a=b", headers: { "content-type": "text/plain" } }, 415],
    ["a limit out of range", { method: "GET", path: "/users?limit=1000" }, 400],
    ["a limit that is no number", { method: "GET", path: "/interactions?limit=abc" }, 400],
    ["a forged cursor", { method: "GET", path: "/users?cursor=bm90LWpzb24" }, 400],
    ["an unknown status filter", { method: "GET", path: "/interactions?status=lost" }, 400],
    ["a body over 64 KB", { method: "POST", path: "/users", body: { fullName: "x".repeat(70_000), username: "x", role: "agent" } }, 413],
    ["an unknown user", { method: "GET", path: "/users/nobody" }, 404],
    ["an unknown interaction", { method: "GET", path: "/interactions/none" }, 404],
    ["an unknown operation", { method: "GET", path: "/nowhere" }, 404],
    ["an unknown agent state", { method: "PUT", path: "/agents/x/state", body: { state: "asleep" } }, 422],
    ["Not Ready without a listed reason", { method: "PUT", path: "/agents/AGENT/state", body: { state: "not_ready", reason: "nap" } }, 422],
    ["an illegal state move", { method: "PUT", path: "/agents/AGENT/state", body: { state: "ready" } }, 409],
  ];
  for (const [name, c, status] of cases)
    test(`${name} → ${status} with the error shape`, async () => {
      const agent = await makeUser(t, { username: "ann" });
      const res = await call({ ...c, path: c.path.replace("AGENT", agent), token: secret });
      expect(res.status).toBe(status);
      expect(res.json).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    });

  test("fuzzed paths, queries and bodies never get a 500", async () => {
    const junk = [
      "",
      "%00",
      "'; drop table users;--",
      "\u202e\u0000",
      "9".repeat(300),
      "{}",
      "[]",
      "null",
      '{"fullName":null}',
      "-1",
      "1e309",
    ];
    const ops = Object.values(API_OPERATIONS);
    let calls = 0;
    for (const op of ops)
      for (const j of junk) {
        const path = op.path.replace(/\{[^}]+\}/g, encodeURIComponent(j) || "x");
        const res = await call({
          method: op.method.toUpperCase(),
          path: `${path}?limit=${encodeURIComponent(j)}&cursor=${encodeURIComponent(j)}`,
          token: secret,
          body: op.method === "get" ? undefined : j,
        });
        expect({ op: op.operationId, j, status: res.status < 500 }).toEqual({ op: op.operationId, j, status: true });
        calls++;
      }
    expect(calls).toBe(ops.length * junk.length);
  });
});
