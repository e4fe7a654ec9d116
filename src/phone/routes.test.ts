import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { insertUser } from "../../tests/support/browser.ts";
import { insertUser as insertUserRow } from "../../tests/support/fixtures.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { getAgentPhoneLeg } from "./index.ts";
import { MAX_SIGNAL_BYTES } from "./signals.ts";
import { PhoneClient, servePhone, sessionCookie, until } from "../../tests/support/kits/phone.ts";

let t: TestApp;
let served: ReturnType<typeof servePhone>;
let agentId: string;
const clients: PhoneClient[] = [];

beforeEach(async () => {
  t = makeTestApp();
  served = servePhone(t);
  agentId = await insertUser(t.db, { username: "ann" });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.close();
  await served.stop();
  t.cleanup();
});

const upgrade = (headers: Record<string, string>) =>
  t.app.request("http://localhost/phone/ws", {
    headers: {
      upgrade: "websocket",
      connection: "Upgrade",
      "sec-websocket-version": "13",
      "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      ...headers,
    },
  });

function connect(headers: Record<string, string> = {}): PhoneClient {
  const client = new PhoneClient(served.url, { cookie: sessionCookie(t, agentId), origin: served.url, ...headers });
  clients.push(client);
  return client;
}

describe("GET /phone/ws admission", () => {
  test("without a session the upgrade is refused with 401", async () => {
    const res = await upgrade({ origin: "http://localhost" });
    expect(res.status).toBe(401);
    const client = connect({ cookie: "" });
    await expect(client.opened).rejects.toThrow();
  });

  test("from another site, or with no Origin, the upgrade is refused with 403", async () => {
    const cookie = sessionCookie(t, agentId);
    expect((await upgrade({ cookie, origin: "https://evil.example" })).status).toBe(403);
    expect((await upgrade({ cookie })).status).toBe(403);
    await expect(connect({ origin: "http://127.0.0.1:1" }).opened).rejects.toThrow();
  });

  test("an agent without the Voice permission is refused with 403 and a message, and no phone is registered", async () => {
    const chatOnly = insertUserRow(t.db, { username: "cleo", permissions: JSON.stringify(["chat"]) });
    const res = await upgrade({ cookie: sessionCookie(t, chatOnly), origin: "http://localhost" });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe("You do not have the Voice permission.");
    expect(getAgentPhoneLeg(t.deps, chatOnly)).toBeNull();
  });

  test("a signed-in agent from the appliance's own page connects and registers a phone", async () => {
    expect(getAgentPhoneLeg(t.deps, agentId)).toBeNull();
    await connect().opened;
    await until("the phone", () => getAgentPhoneLeg(t.deps, agentId)?.state === "connecting");
  });
});

describe("GET /phone/ws messages", () => {
  const refusals: [string, () => string | Uint8Array, number, string][] = [
    ["text that is not JSON", () => "{not json", 1008, "Message is not JSON"],
    ["an unknown message type", () => JSON.stringify({ type: "dial", number: "112" }), 1008, "Unknown message type"],
    ["an offer that is not SDP", () => JSON.stringify({ type: "offer", sdp: "<script>" }), 1008, "Offer is not a session description"],
    [
      "a candidate with a line break",
      () => JSON.stringify({ type: "candidate", candidate: { candidate: "a\r\nb" } }),
      1008,
      "Candidate is not a candidate line",
    ],
    [
      "a message over the size limit",
      () => JSON.stringify({ type: "offer", sdp: `v=0${"x".repeat(MAX_SIGNAL_BYTES)}` }),
      1009,
      "Message too big",
    ],
    ["a binary message", () => new Uint8Array([1, 2, 3]), 1003, "Messages must be JSON text"],
  ];
  for (const [what, message, code, reason] of refusals) {
    test(`${what} closes the connection with the reason`, async () => {
      const client = connect();
      await client.opened;
      client.ws.send(message());
      expect(await client.closedWith()).toEqual({ code, reason });
    });
  }

  test("a second connection of the same agent replaces the first, which is told why", async () => {
    const first = connect();
    await first.opened;
    const phone = await waitForPhone();
    const second = connect();
    await second.opened;
    expect(await first.next("hangup")).toEqual({ type: "hangup", reason: "replaced" });
    expect(await first.closedWith()).toEqual({ code: 4000, reason: "The phone was opened in another window" });
    expect(second.closed).toBeNull();
    expect(getAgentPhoneLeg(t.deps, agentId)).toBe(phone);
  });

  test("signing out closes the phone's connection and unregisters it", async () => {
    const client = connect();
    await client.opened;
    await waitForPhone();
    t.deps.bus.publish("user.signed_out", { userId: agentId, at: t.clock.now() });
    expect(await client.closedWith()).toEqual({ code: 4001, reason: "Signed out" });
    expect(getAgentPhoneLeg(t.deps, agentId)).toBeNull();
  });
});

async function waitForPhone() {
  await until("the phone", () => getAgentPhoneLeg(t.deps, agentId) !== null);
  return getAgentPhoneLeg(t.deps, agentId);
}
