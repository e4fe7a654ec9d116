import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { findCycles, findViolations, type ImportGraph, type Policy, scanRepo } from "./architecture-rules.ts";

/**
 * The allowed edges between modules (docs/ARCHITECTURE.md, "One direction"). A new domain module gets a row
 * listing what it may import; the order is settings, audit → auth → teams, predefined → presence → routing →
 * calls, chat → widget, supervisor. Imports go through the target's index.ts.
 */
const BASE = ["shared", "db", "config", "deps"];
const L1 = [...BASE, "settings", "audit"];
const L2 = [...L1, "auth"];
const L3 = [...L2, "teams", "predefined"];
const L4 = [...L3, "presence"];
const L5 = [...L4, "routing"];
const L6 = [...L5, "calls", "chat"];

export const POLICY: Policy = {
  allowed: {
    shared: [],
    sip: ["shared"],
    media: ["shared"],
    db: ["shared"],
    config: ["shared"],
    deps: ["shared"],
    http: ["shared"],
    settings: BASE,
    audit: BASE,
    auth: L1,
    teams: L2,
    predefined: L2,
    presence: L3,
    routing: L4,
    phone: [...L4, "media"],
    calls: [...L5, "sip", "media", "phone"],
    trunk: [...L2, "routing", "sip"],
    chat: L5,
    widget: L6,
    supervisor: L6,
  },
  importsAnything: ["admin", "api", "console", "ops", "reports", "integrations/*"],
  routeLevel: ["admin", "api", "console", "ops"],
  routeOnly: ["http", "integrations/*", "reports"],
  wiringOnly: ["admin", "api", "console", "ops", "app", "server", "appliance", "main", "cli"],
  wiring: ["app", "server", "appliance", "main", "cli"],
  open: ["http"],
};

const root = join(import.meta.dir, "..");

describe("architecture", () => {
  test("the code follows the import rules (no forbidden edge, deep import or cycle)", async () => {
    const graph = await scanRepo(root, ["src", "views"]);
    expect(graph.size).toBeGreaterThan(20);
    expect(findViolations(graph, POLICY)).toEqual([]);
  });

  test("every module found in src/ has a row or a role in the policy", async () => {
    const graph = await scanRepo(root, ["src"]);
    const known = [...Object.keys(POLICY.allowed), ...POLICY.importsAnything, ...POLICY.wiring, "views"];
    const modules = new Set([...graph.keys()].map((f) => (f.split("/").length === 2 ? null : f.split("/")[1])).filter(Boolean));
    const missing = [...modules].filter((m) => !known.some((k) => k === m || k.startsWith(`${m}/`)));
    expect(missing).toEqual([]);
  });
});

describe("the checker itself", () => {
  const check = (edges: Record<string, string[]>) => findViolations(new Map(Object.entries(edges)) as ImportGraph, POLICY);

  test("shared importing a domain module is refused", () => {
    expect(check({ "src/shared/x.ts": ["src/auth/index.ts"] })).toEqual([expect.stringContaining("shared may not import auth")]);
  });

  test("sip may import shared only", () => {
    expect(check({ "src/sip/x.ts": ["src/shared/index.ts"] })).toEqual([]);
    expect(check({ "src/sip/x.ts": ["src/db/index.ts"] })).toHaveLength(1);
  });

  test("a view importing a value from src is refused", () => {
    expect(check({ "views/a/b.tsx": ["src/shared/index.ts"] })).toEqual([expect.stringContaining("views may import only types")]);
  });

  test("a deep import is refused, a schema-to-schema import is allowed", () => {
    expect(check({ "src/teams/x.ts": ["src/auth/users.ts"] })).toEqual([expect.stringContaining("deep import")]);
    expect(check({ "src/teams/schema.ts": ["src/auth/schema.ts"] })).toEqual([]);
  });

  test("an edge against the module order is refused", () => {
    expect(check({ "src/auth/x.ts": ["src/routing/index.ts"] })).toEqual([expect.stringContaining("auth may not import routing")]);
    expect(check({ "src/routing/x.ts": ["src/auth/index.ts"] })).toEqual([]);
  });

  test("integrations are reachable from route files only, route-level modules from wiring only", () => {
    expect(check({ "src/auth/users.ts": ["src/integrations/mail/index.ts"] })).toHaveLength(1);
    expect(check({ "src/auth/routes.tsx": ["src/integrations/mail/index.ts"] })).toEqual([]);
    expect(check({ "src/routing/x.ts": ["src/admin/index.ts"] })).toHaveLength(1);
    expect(check({ "src/app.ts": ["src/admin/index.ts"] })).toEqual([]);
  });

  test("a cycle between modules is found", () => {
    const graph: ImportGraph = new Map([
      ["src/chat/a.ts", ["src/calls/index.ts"]],
      ["src/calls/b.ts", ["src/chat/index.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([expect.stringContaining("import cycle")]);
  });
});
