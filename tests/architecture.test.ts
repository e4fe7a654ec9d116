import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  findCycles,
  findViolations,
  type Import,
  type ImportGraph,
  parseFile,
  type Policy,
  RELATIONAL_QUERY,
  scanRepo,
  type TableIndex,
} from "./architecture-rules.ts";

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
  // The one file per module that may import other modules' tables (each file says which and why).
  readModels: {
    supervisor: "src/supervisor/read-model.ts",
    reports: "src/reports/read-model.ts",
    ops: "src/ops/read-model.ts",
    routing: "src/routing/read-model.ts",
    chat: "src/chat/read-model.ts",
    widget: "src/widget/read-model.ts",
  },
};

const root = join(import.meta.dir, "..");

describe("architecture", () => {
  test("the code follows the import rules (no forbidden edge, deep import or cycle)", async () => {
    const { graph, tables } = await scanRepo(root, ["src", "views"]);
    expect(graph.size).toBeGreaterThan(20);
    expect(tables.size).toBeGreaterThan(10);
    expect(findViolations(graph, POLICY, tables)).toEqual([]);
  });

  test("every module found in src/ has a row or a role in the policy", async () => {
    const { graph } = await scanRepo(root, ["src"]);
    const known = [...Object.keys(POLICY.allowed), ...POLICY.importsAnything, ...POLICY.wiring, "views"];
    const modules = new Set([...graph.keys()].map((f) => (f.split("/").length === 2 ? null : f.split("/")[1])).filter(Boolean));
    const missing = [...modules].filter((m) => !known.some((k) => k === m || k.startsWith(`${m}/`)));
    expect(missing).toEqual([]);
  });
});

describe("the checker itself", () => {
  const check = (edges: Record<string, (string | Import)[]>) => findViolations(new Map(Object.entries(edges)) as ImportGraph, POLICY);

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

  test("the scanner sees type-only imports, the names taken, re-exports and declared tables", () => {
    const code = `
      import type { A } from "../auth/index.ts";
      import { type B, c } from "./c.ts";
      import { type D } from "./d.ts";
      export { e } from "./e.ts";
      export * from "./schema.ts";
      type F = import("../routing/index.ts").F;
      export const users = sqliteTable("users", {});`;
    const { imports, tables } = parseFile("src/teams/x.ts", code);
    expect(imports).toEqual([
      { path: "src/auth/index.ts", typeOnly: true, names: ["A"] },
      { path: "src/teams/c.ts", typeOnly: false, names: ["B", "c"] },
      { path: "src/teams/d.ts", typeOnly: true, names: ["D"] },
      { path: "src/teams/e.ts", typeOnly: false, names: ["e"], reexport: true },
      { path: "src/teams/schema.ts", typeOnly: false, names: ["*"], reexport: true },
      { path: "src/routing/index.ts", typeOnly: true, names: ["*"] },
    ]);
    expect(tables).toEqual(["users"]);
  });

  test("a cycle made of type-only imports is found; a type-only import is not held to the module order", () => {
    const graph: ImportGraph = new Map([
      ["src/auth/a.ts", [{ path: "src/deps.ts", typeOnly: true }]],
      ["src/deps.ts", [{ path: "src/routing/index.ts", typeOnly: true }]],
      ["src/routing/b.ts", ["src/auth/index.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([expect.stringContaining("import cycle: auth → deps → routing → auth")]);
    expect(check({ "views/a/b.tsx": [{ path: "src/auth/index.ts", typeOnly: true }] })).toEqual([]);
  });

  test("route files are their module's web face: auth routes → deps → routing → auth is layering, not a cycle", () => {
    const graph: ImportGraph = new Map([
      ["src/auth/routes.tsx", [{ path: "src/deps.ts", typeOnly: true }, "src/auth/index.ts"]],
      ["src/deps.ts", [{ path: "src/routing/index.ts", typeOnly: true }]],
      ["src/routing/b.ts", ["src/auth/index.ts"]],
    ]);
    expect(findCycles(graph)).toEqual([]);
    // …but a domain file that imports its own module's routes pulls the cycle back in.
    graph.set("src/auth/index.ts", [{ path: "src/auth/routes.tsx", reexport: true }]);
    expect(findCycles(graph)).toEqual([expect.stringContaining("auth → auth routes")]);
  });

  describe("tables belong to their module", () => {
    const tables: TableIndex = new Map([["src/auth/schema.ts", ["users", "avatars"]]]);
    const checkTables = (edges: Record<string, (string | Import)[]>) =>
      findViolations(new Map(Object.entries(edges)) as ImportGraph, POLICY, tables);

    test("another module reading a table, through the owner's index.ts or its schema file, is refused", () => {
      expect(checkTables({ "src/teams/x.ts": [{ path: "src/auth/index.ts", names: ["users"] }] })).toEqual([
        expect.stringContaining("reads auth's tables (users)"),
      ]);
      expect(checkTables({ "src/teams/x.ts": [{ path: "src/auth/schema.ts", names: ["users"] }] })).toEqual([
        expect.stringContaining("reads auth's tables"),
      ]);
      expect(checkTables({ "src/teams/x.ts": [{ path: "src/auth/index.ts", names: ["getUser"] }] })).toEqual([]);
    });

    test("a declared read model may read them, and a schema file may point a foreign key at them", () => {
      expect(checkTables({ "src/supervisor/read-model.ts": [{ path: "src/auth/schema.ts", names: ["users"], reexport: true }] })).toEqual(
        [],
      );
      expect(checkTables({ "src/supervisor/x.ts": [{ path: "src/auth/schema.ts", names: ["users"] }] })).toHaveLength(1);
      expect(checkTables({ "src/teams/schema.ts": [{ path: "src/auth/schema.ts", names: ["users"] }] })).toEqual([]);
    });

    test("drizzle's db.query.<table> of another module is a read of its table too", () => {
      const { imports } = parseFile("src/routing/x.ts", "const u = db.query.users.findFirst({}).sync();");
      expect(imports).toEqual([{ path: RELATIONAL_QUERY, names: ["users"] }]);
      expect(checkTables({ "src/routing/x.ts": imports })).toEqual([expect.stringContaining("reads auth's tables (users)")]);
      expect(checkTables({ "src/auth/x.ts": imports })).toEqual([]);
    });

    test("a module's index.ts exports no tables", () => {
      expect(checkTables({ "src/auth/index.ts": [{ path: "src/auth/schema.ts", names: ["*"], reexport: true }] })).toEqual([
        expect.stringContaining("index.ts exports no tables (users, avatars)"),
      ]);
      expect(checkTables({ "src/auth/index.ts": [{ path: "src/auth/schema.ts", names: ["ROLES"], reexport: true }] })).toEqual([]);
    });
  });

  test("route files are mounted by the wiring: never re-exported by index.ts, never imported by a domain module", () => {
    expect(check({ "src/auth/index.ts": [{ path: "src/auth/routes.tsx", reexport: true }] })).toEqual([
      expect.stringContaining("index.ts exports no route factories"),
    ]);
    expect(check({ "src/calls/x.ts": ["src/phone/routes.ts"] })).toEqual([expect.stringContaining("mounted by the wiring")]);
    expect(check({ "src/app.ts": ["src/phone/routes.ts"] })).toEqual([]);
    expect(check({ "src/admin/predefined-routes.tsx": ["src/predefined/routes.tsx"] })).toEqual([]);
    // The SIP core's method routes are not HTTP routes.
    expect(check({ "src/sip/index.ts": [{ path: "src/sip/method-routes.ts", reexport: true }] })).toEqual([]);
  });
});
