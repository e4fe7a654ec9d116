import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { users } from "../auth/schema.ts";
import { queues } from "../routing/schema.ts";
import { newId, ValidationError } from "../shared/index.ts";
import { makeTestApp, type TestApp } from "../../tests/support/harness.ts";
import { readInboundRouteForm } from "./inbound-route-form.ts";
import { createInboundRoute, deleteInboundRoute, listInboundRoutes, resolveInboundRoute, updateInboundRoute } from "./inbound-routing.ts";

let t: TestApp;
beforeEach(() => {
  t = makeTestApp();
});
afterEach(() => t.cleanup());

const actor = { id: null, name: "test" };
const now = () => t.clock.now();

function addQueue(name: string, channel: "voice" | "chat" = "voice"): string {
  const id = newId();
  t.db.insert(queues).values({ id, name, channel, createdAt: now(), updatedAt: now() }).run();
  return id;
}

function addAgent(username: string, extension: string | null): string {
  const id = newId();
  t.db.insert(users).values({ id, username, fullName: username, role: "agent", extension, createdAt: now(), updatedAt: now() }).run();
  return id;
}

const route = (did: string, target: string, label = "") => readInboundRouteForm({ did, target, label });

describe("resolving a dialled number", () => {
  test("the exact number beats the * route; any other number takes *; none at all is null", () => {
    const sales = addQueue("Sales");
    const support = addQueue("Support");
    expect(resolveInboundRoute(t.db, "+41441234567")).toBeNull();
    createInboundRoute(t.db, route("*", `queue:${support}`), actor, now());
    createInboundRoute(t.db, route("+41 44 123 45 67", `queue:${sales}`), actor, now());
    expect(resolveInboundRoute(t.db, "+41441234567")).toEqual({ kind: "queue", queueId: sales, name: "Sales" });
    expect(resolveInboundRoute(t.db, "+41449999999")).toEqual({ kind: "queue", queueId: support, name: "Support" });
    expect(resolveInboundRoute(t.db, "anonymous")).toEqual({ kind: "queue", queueId: support, name: "Support" });
  });

  test("a number can ring one agent by extension", () => {
    const ada = addAgent("ada", "201");
    createInboundRoute(t.db, route("0441112233", `agent:${ada}`), actor, now());
    expect(resolveInboundRoute(t.db, "0441112233")).toEqual({ kind: "agent", userId: ada, name: "ada", extension: "201" });
  });

  test("only voice queues and agents with an extension can be targets", () => {
    const chat = addQueue("Web help", "chat");
    const noExt = addAgent("bob", null);
    const fields = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as ValidationError).fields;
      }
      return {};
    };
    expect(fields(() => createInboundRoute(t.db, route("100", `queue:${chat}`), actor, now()))).toEqual({ target: "Choose a voice queue" });
    expect(fields(() => createInboundRoute(t.db, route("100", `agent:${noExt}`), actor, now()))).toEqual({
      target: "Choose an agent who has an extension",
    });
    expect(fields(() => route("12ab", "queue:x"))).toEqual({
      did: "Number (DID) must be digits with an optional leading +, or * for any other number",
    });
    expect(fields(() => route("100", "team:x"))).toEqual({ target: "Choose a voice queue or an agent" });
  });

  test("a number has one route; editing keeps it, deleting frees it; deleting the queue removes its routes", () => {
    const sales = addQueue("Sales");
    const id = createInboundRoute(t.db, route("200", `queue:${sales}`), actor, now());
    expect(() => createInboundRoute(t.db, route("200", `queue:${sales}`), actor, now())).toThrow(ValidationError);
    updateInboundRoute(t.db, id, route("200", `queue:${sales}`, "Main line"), actor, now());
    expect(listInboundRoutes(t.db).map((r) => r.label)).toEqual(["Main line"]);
    deleteInboundRoute(t.db, id, actor, now());
    createInboundRoute(t.db, route("200", `queue:${sales}`), actor, now());
    t.db.delete(queues).run();
    expect(listInboundRoutes(t.db)).toEqual([]);
  });

  test("an agent who loses the extension keeps the route listed but it no longer resolves", () => {
    const ada = addAgent("ada", "201");
    createInboundRoute(t.db, route("300", `agent:${ada}`), actor, now());
    t.db.update(users).set({ extension: null }).run();
    expect(resolveInboundRoute(t.db, "300")).toBeNull();
    expect(listInboundRoutes(t.db)[0]).toMatchObject({ did: "300", target: null });
  });
});
