import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { listAudit } from "../audit/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { tokenFor } from "../../tests/support/kits/api.ts";
import { adminClient, makeUser } from "../../tests/support/users.ts";

/** Click-to-dial refusals an integrator can act on (FEATURES I3); the call itself: tests/e2e/api-dial.test.ts. */
let t: TestApp;
let secret: string;
let adminId: string;

async function place(body: unknown, token = secret) {
  const res = await t.app.request("http://localhost/api/v1/calls", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

beforeEach(async () => {
  t = makeTestApp();
  adminId = (await adminClient(t)).id;
  secret = tokenFor(t.db, t.clock.now(), adminId).secret;
});
afterEach(() => t.cleanup());

describe("POST /api/v1/calls refuses", () => {
  test("an agent nobody has, naming the field (422)", async () => {
    expect(await place({ agent: "nobody", number: "0441234999" })).toEqual({
      status: 422,
      json: { error: { code: "invalid_input", message: "There is no such agent.", fields: { agent: expect.any(String) } } },
    });
    expect(listAudit(t.db, { search: "call.placed" }).rows).toEqual([]);
  });

  test("an agent without the Voice permission (403)", async () => {
    const ann = await makeUser(t, { username: "ann", permissions: ["chat"] });
    t.deps.presence.apply(ann, { type: "login", notReady: true });
    expect(await place({ agent: "ann", number: "0441234999" })).toMatchObject({
      status: 403,
      json: { error: { code: "forbidden", message: "ann lacks the Voice permission." } },
    });
  });

  test("an agent who is signed out, or signed in without a ready phone (409), by username or id", async () => {
    const ann = await makeUser(t, { username: "ann", permissions: ["voice", "outside_calls"] });
    expect(await place({ agent: "ann", number: "0441234999" })).toMatchObject({
      status: 409,
      json: { error: { code: "conflict", message: "ann is not signed in." } },
    });
    t.deps.presence.apply(ann, { type: "login", notReady: true });
    expect(await place({ agent: ann, number: "0441234999" })).toMatchObject({
      status: 409,
      json: { error: { code: "conflict", message: expect.stringContaining("ann's phone is not ready") } },
    });
  });

  test("a disabled agent (409)", async () => {
    await makeUser(t, { username: "ann", permissions: ["voice"], disabled: true });
    expect(await place({ agent: "ann", number: "0441234999" })).toMatchObject({
      status: 409,
      json: { error: { message: "ann is disabled." } },
    });
  });

  test("a token without calls:write (403), and a number that is no text or too long (422)", async () => {
    await makeUser(t, { username: "ann", permissions: ["voice"] });
    const reader = tokenFor(t.db, t.clock.now(), adminId, ["calls:read"]).secret;
    expect((await place({ agent: "ann", number: "0441234999" }, reader)).status).toBe(403);
    expect((await place({ agent: "ann", number: 441234999 })).status).toBe(422);
    expect((await place({ agent: "ann", number: "1".repeat(41) })).status).toBe(422);
    expect((await place({ agent: "ann" })).status).toBe(422);
  });
});

describe("GET /api/v1/calls/{id}", () => {
  test("a call reads with its number and state; an interaction that is not a call is no call (404)", async () => {
    const ann = await makeUser(t, { username: "ann", permissions: ["chat"] });
    const chat = t.deps.routing.startOwnWork({
      channel: "chat",
      agentId: ann,
      customerName: "Carla",
      customerAddress: "carla@example.test",
    });
    const voice = t.deps.routing.startOwnWork({ channel: "voice", agentId: ann, customerAddress: "0441234999" });
    const read = await t.app.request(`http://localhost/api/v1/calls/${voice.id}`, { headers: { authorization: `Bearer ${secret}` } });
    expect(await read.json()).toMatchObject({ id: voice.id, agentId: ann, number: "0441234999", state: "ended", ringing: false });
    const res = await t.app.request(`http://localhost/api/v1/calls/${chat.id}`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(404);
    expect((await t.app.request("http://localhost/api/v1/calls/none", { headers: { authorization: `Bearer ${secret}` } })).status).toBe(
      404,
    );
  });
});
