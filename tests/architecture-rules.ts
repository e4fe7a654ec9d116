/** The import rules of docs/ARCHITECTURE.md as a pure checker over a file → imported-files graph. */
import { readdirSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

export type Policy = {
  /** Module → modules it may import (through their index.ts). A module may always import itself. */
  allowed: Record<string, readonly string[]>;
  /** Modules that may import any module (through its index.ts), e.g. route-level modules and wiring. */
  importsAnything: readonly string[];
  /** Modules made of route files only (they may use route-only modules). */
  routeLevel: readonly string[];
  /** Modules only wiring files and route files may import. */
  routeOnly: readonly string[];
  /** Modules only wiring files may import. */
  wiringOnly: readonly string[];
  /** Root files that wire everything together. */
  wiring: readonly string[];
  /** Modules without an index.ts whose files are public. */
  open: readonly string[];
};

/** Repository-relative path of a file → repository-relative paths it imports at run time (type-only imports dropped). */
export type ImportGraph = Map<string, string[]>;

const transpiler = new Bun.Transpiler({ loader: "tsx" });

/** Scans every source file under the given folders (tests and declaration files excluded). */
export async function scanRepo(root: string, folders: string[]): Promise<ImportGraph> {
  const graph: ImportGraph = new Map();
  for (const folder of folders) {
    for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
      const name = entry.name;
      if (!entry.isFile() || !/\.tsx?$/.test(name) || /\.test\.tsx?$|\.d\.ts$/.test(name)) continue;
      const file = relative(root, join(entry.parentPath, name));
      const code = (await Bun.file(join(root, file)).text()).replace(/^#!.*/, "");
      const targets = transpiler
        .scanImports(code)
        .map((i) => i.path)
        .filter((p) => p.startsWith("."))
        .map((p) => normalize(join(dirname(file), p)));
      graph.set(file, targets);
    }
  }
  return graph;
}

/** The module a file belongs to: `views`, `integrations/<name>`, the first folder under src/, or a root file's name. */
export function moduleOf(file: string): string | null {
  const parts = file.split("/");
  if (parts[0] === "views") return "views";
  if (parts[0] !== "src") return null;
  if (parts.length === 2) return (parts[1] as string).replace(/\.tsx?$/, "");
  if (parts[1] === "integrations" && parts.length > 3) return `integrations/${parts[2]}`;
  return parts[1] as string;
}

export function isSchemaFile(file: string): boolean {
  return /(^|\/|-)schema\.ts$/.test(file);
}

export function isRouteFile(file: string): boolean {
  return /(^|\/|-)routes\.tsx?$/.test(file);
}

const inList = (list: readonly string[], mod: string) =>
  list.some((m) => m === mod || (m.endsWith("/*") && mod.startsWith(m.slice(0, -1))));

/** Every broken rule, as readable lines ("src/a/x.ts → src/b/y.ts: reason"). */
export function findViolations(graph: ImportGraph, policy: Policy): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const reason = edgeProblem(file, target, policy);
      if (reason) out.push(`${file} → ${target}: ${reason}`);
    }
  }
  return [...out, ...findCycles(graph)];
}

function edgeProblem(file: string, target: string, policy: Policy): string | null {
  const from = moduleOf(file);
  const to = moduleOf(target);
  if (!from || !to || from === to) return null;
  if (from === "views") return "views may import only types from src/";
  const wiring = inList(policy.wiring, from);
  const route = wiring || isRouteFile(file) || inList(policy.routeLevel, from);
  if (to === "views") return route ? null : "only route files and wiring render views";
  // Foreign keys: table files may import other modules' table files; src/db/schema.ts re-exports them all.
  if (isSchemaFile(target) && (isSchemaFile(file) || file === "src/db/schema.ts")) return null;
  if (inList(policy.wiringOnly, to) && !wiring) return `${to} is imported only by the wiring files`;
  if (inList(policy.routeOnly, to) && !route) return `${to} is imported only by route files and the wiring files`;
  if (!isPublicFile(target, to, policy)) return `deep import: go through src/${to}/index.ts`;
  if (wiring || inList(policy.importsAnything, from)) return null;
  if (route && inList(policy.routeOnly, to)) return null;
  const allowed = policy.allowed[from];
  if (!allowed) return `module ${from} is not in the allowed-edges table`;
  return inList(allowed, to) ? null : `${from} may not import ${to}`;
}

function isPublicFile(target: string, mod: string, policy: Policy): boolean {
  const depth = target.split("/").length;
  if (depth === 2) return true; // a root file such as src/config.ts is its own module
  if (inList(policy.open, mod)) return true;
  return target === `src/${mod}/index.ts`;
}

/** Cycles between modules; the schema index of src/db (a re-export for drizzle-kit) is left out. */
export function findCycles(graph: ImportGraph): string[] {
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = moduleOf(file);
    if (!from || file === "src/db/schema.ts") continue;
    for (const t of targets) {
      const to = moduleOf(t);
      if (!to || to === from) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (mod: string, path: string[]) => {
    if (state.get(mod) === "done") return;
    if (state.get(mod) === "open") {
      cycles.push(`import cycle: ${[...path.slice(path.indexOf(mod)), mod].join(" → ")}`);
      return;
    }
    state.set(mod, "open");
    for (const next of edges.get(mod) ?? []) visit(next, [...path, mod]);
    state.set(mod, "done");
  };
  for (const mod of edges.keys()) visit(mod, []);
  return cycles;
}
